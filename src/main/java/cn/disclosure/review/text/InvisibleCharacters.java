package cn.disclosure.review.text;

/**
 * Removes characters a reader does not see but that split words for a matcher: zero-width
 * spaces and joiners, bidi controls, soft hyphens, byte-order marks, variation selectors, fillers
 * and control characters other than tab and line breaks.
 */
public final class InvisibleCharacters implements CharStep {

    @Override
    public int apply(char c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return c;
        }
        int type = Character.getType(c);
        if (type == Character.FORMAT || type == Character.CONTROL) {
            return REMOVE;
        }
        if ((c >= 0xFE00 && c <= 0xFE0F) // variation selectors (⭐️ = U+2B50 U+FE0F)
                || c == 0x034F // combining grapheme joiner
                || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 // Hangul fillers
                || c == 0x2800) { // braille blank
            return REMOVE;
        }
        return c;
    }
}
