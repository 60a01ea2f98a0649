package cn.disclosure.review.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SafeTextTest {

    @Test
    void controlFormatAndSeparatorCharactersAreRemoved() {
        assertThat(SafeText.of("edi\ntor\r\u0000\u001b[31m", 64)).isEqualTo("editor[31m");
        // bidi override, zero-width space, line and paragraph separators, a lone surrogate
        assertThat(SafeText.of("ad\u202Emin\u200B\u2028\u2029\uD800x", 64)).isEqualTo("adminx");
        assertThat(SafeText.of("张三 editor", 64)).isEqualTo("张三 editor");
    }

    @Test
    void lengthIsCappedInCodePointsAndTheCutIsMarked() {
        assertThat(SafeText.of("a".repeat(100), 64)).hasSize(65).endsWith("a…");
        String emoji = "😀".repeat(70);
        String capped = SafeText.of(emoji, 64);
        assertThat(capped.codePointCount(0, capped.length())).isEqualTo(65);
        assertThat(SafeText.of("x".repeat(64), 64)).isEqualTo("x".repeat(64));
        assertThat(SafeText.of(null, 64)).isNull();
    }
}
