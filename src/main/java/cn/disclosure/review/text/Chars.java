package cn.disclosure.review.text;

/** Character classes shared by the normalisation steps and the recognizers (after normalisation). */
public final class Chars {
    private Chars() {
    }

    /** CJK ideographs (basic block, extension A, compatibility block) and 〇. */
    public static boolean isHan(char c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) || c == 0x3007;
    }

    public static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    public static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    public static boolean isAsciiAlnum(char c) {
        return isDigit(c) || isAsciiLetter(c);
    }

    /** Horizontal white space after width folding (tabs, spaces). */
    public static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    public static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r';
    }

    public static boolean isWhitespace(char c) {
        return isBlank(c) || isLineBreak(c);
    }
}
