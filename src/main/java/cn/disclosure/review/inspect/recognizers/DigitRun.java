package cn.disclosure.review.inspect.recognizers;

import cn.disclosure.review.inspect.AnalyzedText;
import cn.disclosure.review.text.Chars;

/**
 * A run of digit groups as numbers are written: 13905718888, 139 0571 8888, 6217-0076-2422-4486-765,
 * 11010519491231002x. Groups are joined by a single space or hyphen; an {@code x} directly after a
 * group's digits (the ID checksum, lower-cased by normalisation) belongs to the group. A run
 * touching a mask ({@code *}, {@code ×}, {@code xx}, ●…) is a masked number (110105********002X,
 * 138****5678): the accepted way to publish, so {@link #masked()} tells recognizers to skip it.
 * Mutable and reused for every run of one text.
 */
final class DigitRun {
    private static final int MAX_GROUPS = 8;
    private static final String MASKS = "*×●•○#";

    private AnalyzedText t;
    private final int[] starts = new int[MAX_GROUPS];
    private final int[] ends = new int[MAX_GROUPS];
    private int count;
    private boolean masked;

    /** Whether {@code p} starts a run (a digit not preceded by a digit). */
    static boolean startsRun(AnalyzedText t, int p) {
        return Chars.isDigit(t.charAt(p)) && !Chars.isDigit(t.charAt(p - 1));
    }

    /** Reads the run starting at {@code p}; returns its end. */
    int read(AnalyzedText text, int p) {
        t = text;
        count = 0;
        int i = p;
        while (count < MAX_GROUPS) {
            int s = i;
            while (Chars.isDigit(t.charAt(i))) {
                i++;
            }
            if (t.charAt(i) == 'x' && t.charAt(i + 1) != 'x' && !Chars.isAsciiAlnum(t.charAt(i + 1))) {
                i++;
            }
            starts[count] = s;
            ends[count++] = i;
            char sep = t.charAt(i);
            if ((sep == ' ' || sep == '-') && Chars.isDigit(t.charAt(i + 1)) && t.charAt(i - 1) != 'x') {
                i++;
            } else {
                break;
            }
        }
        int end = ends[count - 1];
        masked = isMask(t, p - 1) || isMask(t, end) || (t.charAt(end) == 'x' && t.charAt(end + 1) == 'x')
                || (t.charAt(p - 1) == 'x' && t.charAt(p - 2) == 'x');
        return end;
    }

    private static boolean isMask(AnalyzedText t, int i) {
        char c = t.charAt(i);
        return c != '\0' && MASKS.indexOf(c) >= 0;
    }

    boolean masked() {
        return masked;
    }

    int groups() {
        return count;
    }

    int start(int g) {
        return starts[g];
    }

    int end(int g) {
        return ends[g];
    }

    int length(int g) {
        return ends[g] - starts[g];
    }

    /** Whether a letter or digit touches the run from outside (then it is part of a longer code). */
    boolean glued(int from, int to) {
        return Chars.isAsciiAlnum(t.charAt(from - 1)) || Chars.isAsciiAlnum(t.charAt(to));
    }

    /** Digits (and a trailing x) of groups [from, to), without separators. */
    String digits(int from, int to) {
        StringBuilder b = new StringBuilder(24);
        for (int g = from; g < to; g++) {
            b.append(t.chars(), starts[g], ends[g] - starts[g]);
        }
        return b.toString();
    }

    /** Total digits (and x) in groups [from, to). */
    int digitCount(int from, int to) {
        int n = 0;
        for (int g = from; g < to; g++) {
            n += ends[g] - starts[g];
        }
        return n;
    }

    /** Whether any of {@code words} occurs within {@code before} characters before or {@code after} after [s, e). */
    static boolean near(AnalyzedText t, int s, int e, String[] words, int before, int after) {
        int from = Math.max(0, s - before);
        int to = Math.min(t.length(), e + after);
        for (String w : words) {
            for (int i = from; i + w.length() <= to; i++) {
                if ((i + w.length() <= s || i >= e) && t.startsWith(i, w)) {
                    return true;
                }
            }
        }
        return false;
    }
}
