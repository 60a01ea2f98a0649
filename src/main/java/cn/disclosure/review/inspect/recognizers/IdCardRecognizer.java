package cn.disclosure.review.inspect.recognizers;

import cn.disclosure.review.inspect.AnalyzedText;
import cn.disclosure.review.inspect.Match;
import cn.disclosure.review.inspect.Matches;
import cn.disclosure.review.core.Severity;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.Messages;
import cn.disclosure.review.inspect.Signal;

import java.time.LocalDate;
import java.util.List;

/**
 * 居民身份证号码 (GB 11643): 18 characters, a known province code, a real birth date not in the
 * future, and the ISO 7064 MOD 11-2 check character; written solid or as 6-8-4 groups. The old
 * 15-digit numbers (no check digit) count only next to the word 身份证. Masked numbers
 * (110105********002X) and digits inside longer runs are not matched.
 */
public final class IdCardRecognizer extends NumberRecognizer {
    public static final Signal SIGNAL = Signal.of("id-card", Category.PERSONAL_INFO, Severity.BLOCK);
    static final String MSG = Messages.text("id-card");
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";
    private static final String[] CONTEXT_15 = {"身份证", "证件号", "公民身份号码"};

    @Override
    public String name() {
        return "id-card";
    }

    @Override
    public List<Signal> signals() {
        return List.of(SIGNAL);
    }

    /** 6-8-4: region, birth date, sequence and check character. */
    @Override
    boolean grouped(DigitRun run, int first) {
        return run.groups() == 3 && run.length(0) == 6 && run.length(1) == 8 && run.length(2) == 4;
    }

    @Override
    void check(AnalyzedText t, DigitRun run, int from, int to, Matches out) {
        int s = run.start(from);
        int e = run.end(to - 1);
        if (run.glued(s, e)) {
            return;
        }
        int len = run.digitCount(from, to);
        if (len == 18 && valid18(run.digits(from, to))) {
            out.add(Match.of(s, e, SIGNAL, "pii.id-card", MSG, 1.0));
        } else if (len == 15 && valid15(run.digits(from, to)) && DigitRun.near(t, s, e, CONTEXT_15, 16, 0)) {
            out.add(Match.of(s, e, SIGNAL, "pii.id-card-15", MSG, 0.8));
        }
    }

    /** 17 digits and a check character (digit or x/X) that GB 11643 accepts. */
    public static boolean valid18(String id) {
        if (id.length() != 18) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        char last = Character.toUpperCase(id.charAt(17));
        if (last != CHECK.charAt(sum % 11)) {
            return false;
        }
        return province(id) && birthDate(Integer.parseInt(id.substring(6, 10)),
                Integer.parseInt(id.substring(10, 12)), Integer.parseInt(id.substring(12, 14)));
    }

    static boolean valid15(String id) {
        if (id.length() != 15 || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        return province(id) && birthDate(1900 + Integer.parseInt(id.substring(6, 8)),
                Integer.parseInt(id.substring(8, 10)), Integer.parseInt(id.substring(10, 12)));
    }

    /** First two digits: a province-level region code (11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81-83, 91). */
    private static boolean province(String id) {
        int p = (id.charAt(0) - '0') * 10 + (id.charAt(1) - '0');
        return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) || (p >= 41 && p <= 46)
                || (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 || (p >= 81 && p <= 83) || p == 91;
    }

    private static boolean birthDate(int year, int month, int day) {
        if (year < 1880 || month < 1 || month > 12 || day < 1) {
            return false;
        }
        LocalDate today = LocalDate.now();
        if (year > today.getYear()) {
            return false;
        }
        LocalDate d = LocalDate.of(year, month, 1);
        return day <= d.lengthOfMonth() && !d.withDayOfMonth(day).isAfter(today);
    }
}
