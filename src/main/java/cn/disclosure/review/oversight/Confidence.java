package cn.disclosure.review.oversight;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a sample says about the problem rate of its frame: the exact one-sided (Clopper–Pearson)
 * upper confidence bound. With {@code k} problems in {@code n} checked items, the bound at level
 * {@code C} is the {@code p} with P(X ≤ k | n, p) = 1 − C for X ~ Binomial(n, p) — the C-quantile of
 * Beta(k + 1, n − k); for k = 0 it is 1 − (1 − C)^(1/n); for k = n it is 1. Binomial sampling
 * (with replacement) is the conservative model for a draw without replacement from a finite frame.
 */
public final class Confidence {
    private Confidence() {
    }

    /** The bound and the sentence for the 通报. */
    public record Statement(int checked, int problems, double level, double upperBound, String text) {
    }

    public static double upperBound(int n, int k, double level) {
        if (n <= 0 || k < 0 || k > n || !(level > 0 && level < 1)) {
            throw new IllegalArgumentException("need 0 <= k <= n, n > 0 and 0 < level < 1");
        }
        if (k == n) {
            return 1.0;
        }
        double alpha = 1 - level;
        if (k == 0) {
            return -Math.expm1(Math.log(alpha) / n);
        }
        // P(X <= k | n, p) falls as p grows: bisect for the p where it equals alpha
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (binomialCdf(k, n, mid) > alpha) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** P(X ≤ k) for X ~ Binomial(n, p), summed in log space (no underflow for large n). */
    static double binomialCdf(int k, int n, double p) {
        if (p <= 0) {
            return 1;
        }
        if (p >= 1) {
            return k >= n ? 1 : 0;
        }
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        double logTerm = n * logQ;           // j = 0
        double max = logTerm;
        double[] terms = new double[k + 1];
        terms[0] = logTerm;
        for (int j = 1; j <= k; j++) {
            logTerm += Math.log((double) (n - j + 1) / j) + logP - logQ;
            terms[j] = logTerm;
            max = Math.max(max, logTerm);
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return Math.min(1, Math.exp(max) * sum);
    }

    /**
     * "抽查 59 件，发现问题 0 件：有 95% 的把握认为问题率低于 5%". The bound is rounded up to one
     * decimal of a percent, so the sentence never claims more than the computation.
     */
    public static Statement statement(int checked, int problems, double level) {
        if (checked == 0) {
            return new Statement(0, 0, level, 1.0, "未检查任何项目，无法对问题率作出判断");
        }
        double bound = upperBound(checked, problems, level);
        String text = "抽查 " + checked + " 件，发现问题 " + problems + " 件：有 " + percent(level, RoundingMode.HALF_UP)
                + " 的把握认为问题率低于 " + percent(bound, RoundingMode.UP);
        if (problems == checked) {
            text = "抽查 " + checked + " 件，发现问题 " + problems + " 件：所抽项目均有问题，无法给出问题率上限";
        }
        return new Statement(checked, problems, level, bound, text);
    }

    /** A fraction as a percentage with at most one decimal, rounded the given way, e.g. 0.0495 → "5%". */
    static String percent(double fraction, RoundingMode mode) {
        BigDecimal pct = new BigDecimal(fraction * 100).setScale(1, mode).stripTrailingZeros();
        if (pct.scale() < 0) {
            pct = pct.setScale(0, RoundingMode.UNNECESSARY);
        }
        return pct.toPlainString() + "%";
    }
}
