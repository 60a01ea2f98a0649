package cn.disclosure.review.inspect;

import cn.disclosure.review.extract.ExtractedPart.Origin;
import cn.disclosure.review.text.NormalizedText;
import cn.disclosure.review.text.Normalizer;
import cn.disclosure.review.text.WordBoundaries;

/**
 * One part's text as every recognizer sees it, analysed once: the normalised characters, the
 * offset map to the original, the positions of all anchor characters, and word boundaries from
 * segmentation windows computed only when asked for.
 */
public final class AnalyzedText {
    private final String part;
    private final Origin origin;
    private final NormalizedText normalized;
    private final char[] chars;
    private final int length;
    private final int[] anchors;
    private final int anchorCount;
    private WordBoundaries words;

    AnalyzedText(String part, Origin origin, NormalizedText normalized, boolean[] anchorTable) {
        this.part = part;
        this.origin = origin;
        this.normalized = normalized;
        this.chars = normalized.chars();
        this.length = normalized.length();
        int[] found = new int[16];
        int k = 0;
        for (int i = 0; i < length; i++) {
            if (anchorTable[chars[i]]) {
                if (k == found.length) {
                    found = java.util.Arrays.copyOf(found, k * 2);
                }
                found[k++] = i;
            }
        }
        this.anchors = found;
        this.anchorCount = k;
    }

    public String part() {
        return part;
    }

    public Origin origin() {
        return origin;
    }

    public NormalizedText normalized() {
        return normalized;
    }

    /** Normalised characters, exactly {@link #length()} long. Do not modify. */
    public char[] chars() {
        return chars;
    }

    public int length() {
        return length;
    }

    /** The normalised character at {@code i}, or {@code '\0'} outside the text (saves bounds checks). */
    public char charAt(int i) {
        return i >= 0 && i < length ? chars[i] : '\0';
    }

    public int anchorCount() {
        return anchorCount;
    }

    /** Position of the k-th anchor character (of any recognizer), ascending. */
    public int anchor(int k) {
        return anchors[k];
    }

    public boolean startsWith(int i, String s) {
        if (i < 0 || i + s.length() > length) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (chars[i + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** First position at or after {@code i} that is not a space or tab, looking at most {@code max} ahead. */
    public int skipBlanks(int i, int max) {
        int j = i;
        while (j < length && j - i < max && (chars[j] == ' ' || chars[j] == '\t')) {
            j++;
        }
        return j;
    }

    /** Whether only blanks stand between the start of its line in the original and normalised position {@code i}. */
    public boolean startsLine(int i) {
        return onlyBlanksToLineBreak(normalized.originalStart(i) - 1, -1);
    }

    /** Whether only blanks stand between normalised end position {@code end} and the end of its line in the original. */
    public boolean endsLine(int end) {
        return onlyBlanksToLineBreak(normalized.originalEnd(end), 1);
    }

    /** Walks the original from {@code p} in direction {@code step} to a line break or the text's edge over blanks only. */
    private boolean onlyBlanksToLineBreak(int p, int step) {
        String o = normalized.original();
        Normalizer n = Normalizer.standard();
        for (; p >= 0 && p < o.length(); p += step) {
            char c = o.charAt(p);
            if (c == '\n' || c == '\r') {
                return true;
            }
            int m = n.mapChar(c);
            if (m != -1 && m != ' ' && m != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Word boundaries from HanLP segmentation of small windows, computed on first use. */
    public WordBoundaries words() {
        if (words == null) {
            words = new WordBoundaries(chars, length);
        }
        return words;
    }
}
