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

    /**
     * Fixed vectors, computed outside the code under test (Python hashlib over the documented
     * canonical form): CMS plugins store these hashes, so they are a contract that must not drift.
     */
    @Test
    void fixedVectorsPinTheContract() {
        assertThat(ContentHash.sha256("abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ContentHash.of("通知", Channel.WEBSITE, null, "正文", List.of(new ContentHash.Attachment("a.txt",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))))
                .isEqualTo("fd674efaa4a178463283bfe7f8ff18985d1991f50a486ac54dfabcb263a04a3f");
        assertThat(ContentHash.of("关于开展全民健身活动的通知", Channel.WECHAT, "办通〔2026〕12号", "各科室：\n请参加。", List.of()))
                .isEqualTo("11c09a9348aac675c8fd8165a0fecc364f601d02798b8f06fd9ef6da293622b3");
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
