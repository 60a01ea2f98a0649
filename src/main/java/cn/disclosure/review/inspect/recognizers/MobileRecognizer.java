package cn.disclosure.review.inspect.recognizers;

import cn.disclosure.review.inspect.AnalyzedText;
import cn.disclosure.review.inspect.Match;
import cn.disclosure.review.inspect.Matches;
import cn.disclosure.review.core.Severity;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.Messages;
import cn.disclosure.review.inspect.Signal;

import java.util.List;

/**
 * Mainland mobile numbers: 11 digits 1[3-9]x, solid or as 3-4-4 groups, optionally after +86 / 86,
 * not inside a longer digit run or code. Office landlines (0571-87001234), service numbers and
 * masked numbers (138****5678) are not matched.
 */
public final class MobileRecognizer extends NumberRecognizer {
    public static final Signal SIGNAL = Signal.of("mobile", Category.PERSONAL_INFO, Severity.WARN);
    static final String MSG = Messages.text("mobile");

    @Override
    public String name() {
        return "mobile";
    }

    @Override
    public List<Signal> signals() {
        return List.of(SIGNAL);
    }

    /** +86 139 0571 8888: the country code is not part of the number. */
    @Override
    int firstGroup(DigitRun run) {
        return run.groups() > 1 && run.length(0) == 2 && "86".equals(run.digits(0, 1)) ? 1 : 0;
    }

    /** 3-4-4. */
    @Override
    boolean grouped(DigitRun run, int first) {
        return run.groups() - first == 3 && run.length(first) == 3 && run.length(first + 1) == 4 && run.length(first + 2) == 4;
    }

    @Override
    void check(AnalyzedText t, DigitRun run, int from, int to, Matches out) {
        int count = run.digitCount(from, to);
        if (count != 11 && count != 13) {
            return;
        }
        int s = run.start(from);
        int e = run.end(to - 1);
        String digits = run.digits(from, to);
        if (digits.length() == 13 && digits.startsWith("86")) {
            digits = digits.substring(2);
        }
        if (digits.length() != 11 || run.glued(s, e) || !mobile(digits)) {
            return;
        }
        out.add(Match.of(s, e, SIGNAL, "pii.mobile", MSG, 0.9));
    }

    static boolean mobile(String d) {
        if (d.charAt(0) != '1' || d.charAt(1) < '3' || d.charAt(1) > '9') {
            return false;
        }
        for (int i = 0; i < d.length(); i++) {
            if (d.charAt(i) < '0' || d.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
