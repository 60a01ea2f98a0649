package cn.disclosure.review.web;

/**
 * Text that came from a client (a user name typed into a form, a request path) made safe for the
 * audit log: control, format and separator characters (line breaks, bidi overrides, zero-width
 * characters) and unpaired surrogates removed, length capped in code points with "…" marking the cut.
 */
public final class SafeText {
    private SafeText() {
    }

    public static String of(String s, int maxCodePoints) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), maxCodePoints + 1));
        int kept = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (unsafe(cp)) {
                continue;
            }
            if (kept == maxCodePoints) {
                b.append('…');
                break;
            }
            b.appendCodePoint(cp);
            kept++;
        }
        return b.toString();
    }

    private static boolean unsafe(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }
}
