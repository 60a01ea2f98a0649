package cn.disclosure.review.extract;

import static cn.disclosure.review.extract.Parts.text;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The extractor is the application's ContentExtractor, configured from application.properties:
 * files are parsed in worker processes started from the Quarkus test application's classpath,
 * and their pictures are OCR'd by the service's engine.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class ContentExtractorWiringTest {

    @Inject
    ContentExtractor extractor;

    @Inject
    ExtractConfig config;

    @Test
    void theIsolatedExtractorIsWiredWithItsConfiguration() {
        assertThat(extractor).isInstanceOf(IsolatedContentExtractor.class);
        assertThat(config.isolation()).as("production and tests parse in worker processes").isEqualTo("process");
        assertThat(((IsolatedContentExtractor) extractor).pool()).isNotNull();
        assertThat(config.ocr().language()).isEqualTo("chi_sim+eng");
        assertThat(config.maxEmbeddedDepth()).isEqualTo(5);
        assertThat(config.timeout().toMinutes()).as("document-level limit").isEqualTo(10);
        assertThat(config.ocr().timeout().toSeconds()).as("per-page limit").isEqualTo(60);
        assertThat(config.ocr().engine()).isEqualTo("rapidocr");

        Extraction x = extractor.extractFile(new SubmittedFile("页眉.docx",
                new TestFiles.Docx().body(TestFiles.p("正文")).header(TestFiles.p("秘密★1年")).bytes()));
        assertThat(x.problems()).isEmpty();
        assertThat(text(x, "页眉.docx/header")).isEqualTo("秘密★1年");
    }

    @Test
    void theServiceStartsItsOcrWorkersFromItsOwnClasspath() throws Exception {
        assertThat(((IsolatedContentExtractor) extractor).ocrAvailable()).isTrue();
        Extraction x = extractor.extractFile(new SubmittedFile("扫描.png",
                TestFiles.png(TestFiles.picture("关于召开专题会议的通知"))));
        assertThat(x.problems()).isEmpty();
        assertThat(text(x, "扫描.png/ocr").replace(" ", "")).contains("关于召开专题会议的通知");
    }
}
