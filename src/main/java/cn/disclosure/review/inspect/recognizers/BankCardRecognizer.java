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
 * Bank card numbers: 16-19 digits, solid or in groups of four, that either pass the Luhn check and
 * carry the UnionPay prefix 62, or stand next to a word like 卡号 / 账号 / 账户 / 银行卡 (some Chinese
 * debit cards fail Luhn, so the context alone counts). Masked numbers and digits inside longer
 * runs are not matched.
 */
public final class BankCardRecognizer extends NumberRecognizer {
    public static final Signal SIGNAL = Signal.of("bank-card", Category.PERSONAL_INFO, Severity.BLOCK);
    static final String MSG = Messages.text("bank-card");
    private static final String[] CONTEXT = {"卡号", "账号", "帐号", "账户", "帐户", "银行卡", "储蓄卡", "借记卡", "信用卡",
            "银行账", "开户行", "收款账", "社保卡", "存折"};

    @Override
    public String name() {
        return "bank-card";
    }

    @Override
    public List<Signal> signals() {
        return List.of(SIGNAL);
    }

    /** Groups of four, the last one shorter or four too. */
    @Override
    boolean grouped(DigitRun run, int first) {
        if (run.groups() < 4) {
            return false;
        }
        for (int g = 0; g < run.groups() - 1; g++) {
            if (run.length(g) != 4) {
                return false;
            }
        }
        return run.length(run.groups() - 1) <= 4;
    }

    @Override
    void check(AnalyzedText t, DigitRun run, int from, int to, Matches out) {
        int s = run.start(from);
        int e = run.end(to - 1);
        int len = run.digitCount(from, to);
        if (len < 16 || len > 19 || run.glued(s, e)) {
            return;
        }
        String digits = run.digits(from, to);
        if (digits.indexOf('x') >= 0) {
            return;
        }
        boolean luhn = luhn(digits);
        boolean context = DigitRun.near(t, s, e, CONTEXT, 20, 8);
        if (context) {
            out.add(Match.of(s, e, SIGNAL, "pii.bank-card", MSG, luhn ? 0.95 : 0.85));
        } else if (luhn && digits.startsWith("62")) {
            out.add(Match.of(s, e, SIGNAL, "pii.bank-card-unionpay", MSG, 0.9));
        }
    }

    public static boolean luhn(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }
}
