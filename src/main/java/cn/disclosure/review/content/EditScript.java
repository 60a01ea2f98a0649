package cn.disclosure.review.content;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * The shortest edit script between two token lists (longest common subsequence), with the common
 * prefix and suffix taken off first. Inputs too large for the quadratic table fall back to
 * deleting and inserting the whole changed middle.
 */
public final class EditScript {
    /** Largest LCS table (cells) built for one comparison. */
    public static final long MAX_CELLS = 4_000_000L;

    public enum Kind { SAME, INS, DEL }

    /** One step: a token kept, inserted (from {@code b}) or deleted (from {@code a}). */
    public record Op<T>(Kind kind, T token) {
    }

    private EditScript() {
    }

    public static <T> List<Op<T>> of(List<T> a, List<T> b, BiPredicate<? super T, ? super T> same) {
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && same.test(a.get(prefix), b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && same.test(a.get(a.size() - 1 - suffix), b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        List<Op<T>> ops = new ArrayList<>();
        for (int i = 0; i < prefix; i++) {
            ops.add(new Op<>(Kind.SAME, b.get(i)));
        }
        List<T> x = a.subList(prefix, a.size() - suffix);
        List<T> y = b.subList(prefix, b.size() - suffix);
        int n = x.size();
        int m = y.size();
        if ((long) (n + 1) * (m + 1) > MAX_CELLS) {
            x.forEach(t -> ops.add(new Op<>(Kind.DEL, t)));
            y.forEach(t -> ops.add(new Op<>(Kind.INS, t)));
        } else {
            int[][] len = new int[n + 1][m + 1];
            for (int i = n - 1; i >= 0; i--) {
                for (int j = m - 1; j >= 0; j--) {
                    len[i][j] = same.test(x.get(i), y.get(j)) ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
                }
            }
            int i = 0;
            int j = 0;
            while (i < n && j < m) {
                if (same.test(x.get(i), y.get(j))) {
                    ops.add(new Op<>(Kind.SAME, y.get(j)));
                    i++;
                    j++;
                } else if (len[i + 1][j] >= len[i][j + 1]) {
                    ops.add(new Op<>(Kind.DEL, x.get(i++)));
                } else {
                    ops.add(new Op<>(Kind.INS, y.get(j++)));
                }
            }
            while (i < n) {
                ops.add(new Op<>(Kind.DEL, x.get(i++)));
            }
            while (j < m) {
                ops.add(new Op<>(Kind.INS, y.get(j++)));
            }
        }
        for (int i = b.size() - suffix; i < b.size(); i++) {
            ops.add(new Op<>(Kind.SAME, b.get(i)));
        }
        return ops;
    }
}
