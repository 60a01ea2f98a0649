package cn.disclosure.review.extract;

import java.util.Locale;
import java.util.Map;

import org.apache.pdfbox.pdmodel.font.encoding.Encoding;
import org.apache.pdfbox.pdmodel.font.encoding.GlyphList;
import org.apache.pdfbox.pdmodel.font.encoding.SymbolEncoding;
import org.apache.pdfbox.pdmodel.font.encoding.ZapfDingbatsEncoding;

/**
 * Maps glyphs of the symbol fonts to Unicode. Word's Insert Symbol stores ★ as
 * {@code <w:sym w:font="Wingdings" w:char="F0AB"/>} or as U+F0AB in a Wingdings run, never as
 * U+2605; a recognizer only sees the star after this mapping.
 *
 * <p>Wingdings, Wingdings 2 and Webdings are mapped for their stars, check marks, boxes and
 * bullets (every five-pointed black star becomes ★ U+2605, so recognizers need to know only the
 * ordinary star); Symbol and Zapf Dingbats are mapped completely through PDFBox's encodings.
 */
final class SymbolFonts {

    private static final Map<Integer, String> WINGDINGS = Map.ofEntries(
            Map.entry(0x4A, "☺"), Map.entry(0x4C, "☹"), Map.entry(0x54, "❄"),
            Map.entry(0x59, "✡"), Map.entry(0x5A, "☪"),
            Map.entry(0x6C, "●"), Map.entry(0x6D, "❍"), Map.entry(0x6E, "■"), Map.entry(0x6F, "□"),
            Map.entry(0x71, "❑"), Map.entry(0x72, "❒"), Map.entry(0x75, "◆"), Map.entry(0x76, "❖"),
            Map.entry(0x77, "⬥"), Map.entry(0x9F, "•"), Map.entry(0xA0, "▪"), Map.entry(0xA1, "○"),
            Map.entry(0xA4, "◉"), Map.entry(0xA5, "◎"), Map.entry(0xA7, "▪"), Map.entry(0xA8, "◻"),
            // the star row: three-, four-, five-, six-, eight-, twelve-pointed, pinwheel
            Map.entry(0xA9, "\uD83D\uDFC0"), Map.entry(0xAA, "✦"), Map.entry(0xAB, "★"), Map.entry(0xAC, "✶"),
            Map.entry(0xAD, "✴"), Map.entry(0xAE, "✹"), Map.entry(0xAF, "✵"),
            Map.entry(0xB5, "✪"), Map.entry(0xB6, "✰"),
            Map.entry(0xFB, "✗"), Map.entry(0xFC, "✓"), Map.entry(0xFD, "☒"), Map.entry(0xFE, "☑"));

    private static final Map<Integer, String> WINGDINGS_2 = Map.ofEntries(
            Map.entry(0x50, "✓"), Map.entry(0x52, "☑"), Map.entry(0x53, "☒"), Map.entry(0x54, "☒"),
            Map.entry(0x96, "●"), Map.entry(0x98, "⬤"), Map.entry(0xA0, "■"), Map.entry(0xA3, "⬜"),
            Map.entry(0xAE, "◆"), Map.entry(0xAF, "◇"),
            // the star block 0xE8-0xF5; 0xE9 (light five-pointed black star) and 0xEA are both ★
            Map.entry(0xE8, "✦"), Map.entry(0xE9, "★"), Map.entry(0xEA, "★"), Map.entry(0xEB, "✶"),
            Map.entry(0xEC, "\uD83D\uDFCB"), Map.entry(0xED, "✷"), Map.entry(0xEE, "\uD83D\uDFCF"),
            Map.entry(0xEF, "\uD83D\uDFD2"), Map.entry(0xF0, "✹"), Map.entry(0xF1, "\uD83D\uDFC3"),
            Map.entry(0xF2, "\uD83D\uDFC7"), Map.entry(0xF3, "✯"), Map.entry(0xF4, "\uD83D\uDFCD"),
            Map.entry(0xF5, "\uD83D\uDFD4"), Map.entry(0xF8, "※"), Map.entry(0xF9, "⁂"));

    private static final Map<Integer, String> WEBDINGS = Map.ofEntries(
            Map.entry(0x61, "✔"), Map.entry(0x63, "□"), Map.entry(0x67, "■"), Map.entry(0x6C, "\uD83D\uDFC8"),
            Map.entry(0x6E, "⚫"), Map.entry(0x98, "✯"));

    private SymbolFonts() {
    }

    /** Whether text in this font is symbol glyphs rather than letters. */
    static boolean isSymbolFont(String font) {
        return table(font) != Font.NONE;
    }

    /**
     * The Unicode text of glyph {@code code} (0x00-0xFF, or the private-use form 0xF000-0xF0FF
     * Word uses) of {@code font}; null when the font is not a symbol font or the glyph is unknown.
     */
    static String map(String font, int code) {
        int glyph = code >= 0xF000 && code <= 0xF0FF ? code - 0xF000 : code;
        if (glyph < 0x20 || glyph > 0xFF) {
            return null;
        }
        return switch (table(font)) {
            case WINGDINGS -> WINGDINGS.get(glyph);
            case WINGDINGS_2 -> WINGDINGS_2.get(glyph);
            case WEBDINGS -> WEBDINGS.get(glyph);
            case SYMBOL -> viaGlyphName(SymbolEncoding.INSTANCE, GlyphList.getAdobeGlyphList(), glyph);
            case ZAPF_DINGBATS -> viaGlyphName(ZapfDingbatsEncoding.INSTANCE, GlyphList.getZapfDingbats(), glyph);
            case NONE -> null;
        };
    }

    /** Maps every character of a run set in {@code font}; characters without a mapping stay. */
    static String mapRun(String font, String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String mapped = map(font, c);
            if (mapped != null) {
                out.append(mapped);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Text whose font is unknown (from Tika: .doc, PDF, plain text): a private-use character
     * U+F0xx is almost always a symbol-font glyph, and the stars are read as Wingdings stars.
     * Other characters are left as they are.
     */
    static String mapPrivateUseStars(String text) {
        int i = 0;
        while (i < text.length() && !isPrivateSymbol(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            String star = isPrivateSymbol(c) ? WINGDINGS.get(c - 0xF000) : null;
            if (star != null && (c - 0xF000 >= 0xA9 && c - 0xF000 <= 0xB6)) {
                out.append(star);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isPrivateSymbol(char c) {
        return c >= 0xF020 && c <= 0xF0FF;
    }

    private static String viaGlyphName(Encoding encoding, GlyphList glyphs, int code) {
        String name = encoding.getName(code);
        if (name == null || ".notdef".equals(name)) {
            return null;
        }
        return glyphs.toUnicode(name);
    }

    private enum Font { WINGDINGS, WINGDINGS_2, WEBDINGS, SYMBOL, ZAPF_DINGBATS, NONE }

    private static Font table(String font) {
        if (font == null) {
            return Font.NONE;
        }
        String key = font.toLowerCase(Locale.ROOT).replace(" ", "").replace("-", "");
        return switch (key) {
            case "wingdings", "wingdings1" -> Font.WINGDINGS;
            case "wingdings2" -> Font.WINGDINGS_2;
            case "webdings" -> Font.WEBDINGS;
            case "symbol", "symbolmt" -> Font.SYMBOL;
            case "zapfdingbats", "itczapfdingbats", "zapfdingbatsitc" -> Font.ZAPF_DINGBATS;
            default -> Font.NONE;
        };
    }
}
