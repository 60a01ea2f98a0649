package cn.disclosure.review.inspect.recognizers;

import cn.disclosure.review.inspect.AnalyzedText;
import cn.disclosure.review.text.Chars;

/**
 * The pieces of a 国家秘密标志 (密级★保密期限 / 解密时间 / 解密条件) on normalised text: levels, the
 * star and what stands in for it, and the period after it. Shared by the marking recognizers.
 */
final class MarkGrammar {
    private MarkGrammar() {
    }

    /** Stars: ★ and look-alikes, and Wingdings' ★ (U+F0AB) when a symbol font slipped through extraction. */
    static final String STARS = "★☆✩✪✫✬✭✮✯✰⭐✦✧⋆٭⚝✡✴✵✶✷✸✹\uF0AB";
    /** Typed instead of a star: accepted only when a valid period follows. */
    static final String STAND_INS = "*※×x#✱✲✳✺✻✼✽❋●○◆◇■□▲△◎⊙";
    /** What OCR reads for a small ★: accepted only directly between a level and a valid period. */
    static final String OCR_MISREADINGS = "女妇大太犬火食贪会本木米央天夫";
    /** What covers a blacked-out level in a scan or an edited copy: ■■★5年. */
    static final String COVERS = "■□█▇▆▅▓▒░●○◆◇×x*";
    /** The three levels, as their first character before 密. */
    static final String LEVEL_FIRST = "绝机秘";

    private static final String CHINESE_NUMERALS = "一二三四五六七八九十两廿卅百零〇";
    private static final String[] KNOWN_CONDITIONS = {
            "启用前", "公布前", "公开前", "发布前", "印发前", "考试前", "考试结束前", "开考前", "开标前", "开封前",
            "会议召开前", "会议结束前", "正式公布前", "正式发布前"};
    private static final String[] UNITS = {"个月", "年", "月", "天"};
    private static final int MAX_CONDITION = 12;

    /** Length of the star at {@code i} (2 for 🌟, a surrogate pair), or 0. */
    static int starLength(AnalyzedText t, int i) {
        char c = t.charAt(i);
        if (c != '\0' && STARS.indexOf(c) >= 0) {
            return 1;
        }
        if (c == '\uD83C' && (t.charAt(i + 1) == '\uDF1F' || t.charAt(i + 1) == '\uDF20')) {
            return 2;
        }
        return 0;
    }

    static boolean isStandIn(char c) {
        return c != '\0' && STAND_INS.indexOf(c) >= 0;
    }

    static boolean isOcrMisreading(char c) {
        return c != '\0' && OCR_MISREADINGS.indexOf(c) >= 0;
    }

    /** Whether 绝密/机密/秘密 ends at {@code i} (the 密). */
    static boolean levelEndsAt(AnalyzedText t, int i) {
        return t.charAt(i) == '密' && LEVEL_FIRST.indexOf(t.charAt(i - 1)) >= 0;
    }

    /** Whether a level starts at {@code i}; returns its end (after an optional 级) or -1. */
    static int level(AnalyzedText t, int i) {
        if (LEVEL_FIRST.indexOf(t.charAt(i)) >= 0 && t.charAt(i + 1) == '密') {
            return t.charAt(i + 2) == '级' ? i + 3 : i + 2;
        }
        return -1;
    }

    /**
     * A 保密期限 / 解密时间 / 解密条件 starting at {@code i} (after up to two blanks when
     * {@code blanks}): 5年, 10 年, 六个月, 长期, 2025年12月31日前, 2025-12-31, 启用前… With
     * {@code lenient}, any condition of up to 12 Chinese characters ending in 前 or 解密 is
     * accepted too (after a real star); otherwise only the known conditions.
     * @return the end of the period, or -1
     */
    static int period(AnalyzedText t, int i, boolean lenient, boolean blanks) {
        int j = blanks ? t.skipBlanks(i, 2) : i;
        if (t.startsWith(j, "长期") || t.startsWith(j, "永久")) {
            return j + 2;
        }
        int d = date(t, j);
        if (d > 0) {
            return suffix(t, d);
        }
        int n = number(t, j);
        if (n > j) {
            int u = t.skipBlanks(n, 1);
            for (String unit : UNITS) {
                if (t.startsWith(u, unit)) {
                    return u + unit.length();
                }
            }
            return -1;
        }
        for (String c : KNOWN_CONDITIONS) {
            if (t.startsWith(j, c)) {
                return suffix(t, j + c.length());
            }
        }
        if (lenient) {
            for (int k = j; k < j + MAX_CONDITION && Chars.isHan(t.charAt(k)); k++) {
                if (k > j && t.charAt(k) == '前') {
                    return suffix(t, k + 1);
                }
                if (k > j && t.charAt(k) == '解' && t.charAt(k + 1) == '密') {
                    return k + 2;
                }
            }
        }
        return -1;
    }

    /** 1-3 Arabic digits or 1-4 Chinese numerals; returns the end (== i when none). */
    private static int number(AnalyzedText t, int i) {
        int j = i;
        while (j < i + 3 && Chars.isDigit(t.charAt(j))) {
            j++;
        }
        if (j > i) {
            return Chars.isDigit(t.charAt(j)) ? i : j;
        }
        while (j < i + 4 && t.charAt(j) != '\0' && CHINESE_NUMERALS.indexOf(t.charAt(j)) >= 0) {
            j++;
        }
        return j;
    }

    /** 2025年12月31日, 2025年12月, 2025.12.31, 2025-12-31, 2025/12/31; returns the end or -1. */
    private static int date(AnalyzedText t, int i) {
        int y = digits(t, i, 4, 4);
        if (y < 0 || !(t.startsWith(i, "19") || t.startsWith(i, "20"))) {
            return -1;
        }
        char sep = t.charAt(y);
        if (sep == '年') {
            int m = digits(t, y + 1, 1, 2);
            if (m < 0 || t.charAt(m) != '月') {
                return -1;
            }
            int d = digits(t, m + 1, 1, 2);
            if (d > 0 && (t.charAt(d) == '日' || t.charAt(d) == '号')) {
                return d + 1;
            }
            return m + 1;
        }
        if (sep == '.' || sep == '-' || sep == '/') {
            int m = digits(t, y + 1, 1, 2);
            if (m < 0 || t.charAt(m) != sep) {
                return -1;
            }
            int d = digits(t, m + 1, 1, 2);
            return d;
        }
        return -1;
    }

    private static int digits(AnalyzedText t, int i, int min, int max) {
        int j = i;
        while (j < i + max && Chars.isDigit(t.charAt(j))) {
            j++;
        }
        if (j - i < min || Chars.isDigit(t.charAt(j))) {
            return -1;
        }
        return j;
    }

    /** An optional 前 / 止 / 以前 and then 解密 after a date or condition. */
    private static int suffix(AnalyzedText t, int i) {
        int j = i;
        if (t.startsWith(j, "以前")) {
            j += 2;
        } else if (t.charAt(j) == '前' || t.charAt(j) == '止') {
            j++;
        }
        if (t.startsWith(j, "解密")) {
            j += 2;
        }
        return j;
    }

    /** Skips blanks backwards from {@code i} (inclusive); returns the first non-blank position or -1. */
    static int skipBlanksBack(AnalyzedText t, int i, int max) {
        int j = i;
        while (j >= 0 && i - j < max && (t.charAt(j) == ' ' || t.charAt(j) == '\t')) {
            j--;
        }
        return j;
    }

    static boolean isClosingBracket(char c) {
        return c == ')' || c == ']' || c == '】';
    }

    /** Whether the span starting at {@code start} is the parenthesis right after a title: 》（… */
    static boolean afterTitle(AnalyzedText t, int start) {
        int p = skipBlanksBack(t, start - 1, 2);
        if (t.charAt(p) != '(' && t.charAt(p) != '[' && t.charAt(p) != '【') {
            return false;
        }
        int q = skipBlanksBack(t, p - 1, 2);
        return t.charAt(q) == '》' || t.charAt(q) == '>';
    }
}
