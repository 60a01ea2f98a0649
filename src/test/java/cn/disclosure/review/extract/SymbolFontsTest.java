package cn.disclosure.review.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SymbolFontsTest {

    @Test
    void starsOfEachSymbolFontBecomeUnicodeStars() {
        assertThat(SymbolFonts.map("Wingdings", 0xF0AB)).isEqualTo("★");
        assertThat(SymbolFonts.map("Wingdings", 0xAB)).isEqualTo("★");
        assertThat(SymbolFonts.map("wingdings", 0xF0B6)).isEqualTo("✰");
        assertThat(SymbolFonts.map("Wingdings 2", 0xF0EA)).isEqualTo("★");
        assertThat(SymbolFonts.map("Wingdings 2", 0xF0E9)).isEqualTo("★");
        assertThat(SymbolFonts.map("Webdings", 0x98)).isEqualTo("✯");
        assertThat(SymbolFonts.map("ZapfDingbats", 0x48)).isEqualTo("★");
    }

    @Test
    void theSymbolFontIsMappedCompletely() {
        assertThat(SymbolFonts.map("Symbol", 0xF061)).isEqualTo("α");
        assertThat(SymbolFonts.map("Symbol", 0x2A)).isEqualTo("∗");
        assertThat(SymbolFonts.mapRun("Symbol", "abc")).isEqualTo("αβχ");
    }

    @Test
    void ordinaryFontsAndUnknownGlyphsAreLeftAlone() {
        assertThat(SymbolFonts.isSymbolFont("宋体")).isFalse();
        assertThat(SymbolFonts.map("Times New Roman", 0xAB)).isNull();
        assertThat(SymbolFonts.map("Wingdings", 0x21)).isNull();
        assertThat(SymbolFonts.mapRun("Wingdings", "机密")).isEqualTo("机密");
    }

    @Test
    void privateUseStarsWithoutAFontAreReadAsWingdings() {
        assertThat(SymbolFonts.mapPrivateUseStars("机密\uF0AB5年")).isEqualTo("机密★5年");
        assertThat(SymbolFonts.mapPrivateUseStars("无星号的文字")).isEqualTo("无星号的文字");
        assertThat(SymbolFonts.mapPrivateUseStars("\uF06C 条目")).isEqualTo("\uF06C 条目");
    }
}
