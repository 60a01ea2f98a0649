package cn.disclosure.review.excerpt;

import cn.disclosure.review.text.NormalizedText;

/**
 * The characters that count for excerpt detection: the letters and digits (any script, by code
 * point) of a normalised text, each with the normalised span it came from. Punctuation, spacing,
 * symbols and line breaks do not count, so changing them does not hide a passage.
 */
final class Letters {
    final NormalizedText normalized;
    final int[] codePoints;
    /** Normalised index where letter i starts, and where it ends (exclusive; 2 chars for a surrogate pair). */
    final int[] from;
    final int[] to;
    final int count;

    private Letters(NormalizedText normalized, int[] codePoints, int[] from, int[] to, int count) {
        this.normalized = normalized;
        this.codePoints = codePoints;
        this.from = from;
        this.to = to;
        this.count = count;
    }

    static Letters of(NormalizedText normalized) {
        char[] chars = normalized.chars();
        int n = normalized.length();
        int[] cps = new int[n];
        int[] from = new int[n];
        int[] to = new int[n];
        int k = 0;
        for (int i = 0; i < n; ) {
            int cp = Character.codePointAt(chars, i, n);
            int width = Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                cps[k] = cp;
                from[k] = i;
                to[k] = i + width;
                k++;
            }
            i += width;
        }
        return new Letters(normalized, cps, from, to, k);
    }

    /** The original text's offsets of letters [a, b). */
    int originalStart(int a) {
        return normalized.originalStart(from[a]);
    }

    int originalEnd(int b) {
        return normalized.originalEnd(to[b - 1]);
    }
}
