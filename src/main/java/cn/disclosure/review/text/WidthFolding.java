package cn.disclosure.review.text;

/**
 * Full-width forms to their ASCII counterparts (０-９ → 0-9, Ａ → A, ： → :, （ → (, ＊ → *) and
 * every kind of space (ideographic, no-break, en/em…) to a plain space.
 */
public final class WidthFolding implements CharStep {

    @Override
    public int apply(char c) {
        if (c >= 0xFF01 && c <= 0xFF5E) {
            return c - 0xFF01 + 0x21;
        }
        if (c == 0x3000 || c == 0x00A0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x1680) {
            return ' ';
        }
        return c;
    }
}
