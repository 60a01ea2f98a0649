package cn.disclosure.review.workflow;

import cn.disclosure.review.core.Channel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ContentHashTest {

    @Test
    void theCanonicalFormIsTheDocumentedOne() {
        String fileHash = ContentHash.sha256("abc".getBytes(StandardCharsets.UTF_8));
        String canonical = "secrecy-review/content/v1\n"
                + "title:6:通知\n"
                + "channel:7:WEBSITE\n"
                + "docNumber:0:\n"
                + "body:6:正文\n"
                + "attachment:" + ("a.txt:" + fileHash).length() + ":a.txt:" + fileHash + "\n";
        assertThat(ContentHash.of("通知", Channel.WEBSITE, null, "正文", List.of(new ContentHash.Attachment("a.txt", fileHash))))
                .isEqualTo(ContentHash.sha256(canonical)).hasSize(64);
    }

    @Test
    void everyPartCounts() {
        String base = ContentHash.of("t", Channel.WEBSITE, "1号", "b", List.of());
        assertThat(ContentHash.of("t", Channel.WECHAT, "1号", "b", List.of())).isNotEqualTo(base);
        assertThat(ContentHash.of("t", Channel.WEBSITE, "2号", "b", List.of())).isNotEqualTo(base);
        assertThat(ContentHash.of("t", Channel.WEBSITE, "1号", "b ", List.of())).isNotEqualTo(base);
        assertThat(ContentHash.of("t", Channel.WEBSITE, "1号", "b", List.of(new ContentHash.Attachment("a", "00")))).isNotEqualTo(base);
        // fields cannot run into each other
        assertThat(ContentHash.of("ab", Channel.WEBSITE, null, "c", List.of())).isNotEqualTo(ContentHash.of("a", Channel.WEBSITE, null, "bc", List.of()));
    }
}
