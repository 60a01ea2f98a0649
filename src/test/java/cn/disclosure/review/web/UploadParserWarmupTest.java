package cn.disclosure.review.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up really runs Quarkus REST's multipart parser over a whole body (a silent no-op would warm nothing). */
class UploadParserWarmupTest {

    @Test
    void parsesEveryByteOfTheSyntheticBody() throws Exception {
        byte[] body = UploadParserWarmup.body(1024 * 1024);
        // the draft part's "{}" and every byte of the file part reach the part handler; the parse completes
        assertThat(UploadParserWarmup.parse(body)).isEqualTo(2 + 1024 * 1024);
    }

    @Test
    void warmsTheFullSizeBody() {
        assertThat(UploadParserWarmup.warm()).isEqualTo(2 + 4 * 1024 * 1024);
    }
}
