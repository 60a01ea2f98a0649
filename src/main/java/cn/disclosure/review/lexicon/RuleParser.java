package cn.disclosure.review.lexicon;

import cn.disclosure.review.text.Normalizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a combination rule (关键词组合). Grammar, loosest binding first:
 * <pre>
 * rule    := without ('|' without)*          alternatives (also inside brackets)
 * without := and ('~' and)*                  甲~乙: 甲 in a paragraph with no 乙
 * and     := near ('&amp;' near)*               甲&amp;乙: both in the same paragraph
 * near    := unit ('NEAR/' n unit)*          甲 NEAR/5 乙: at most n characters between, either order
 * unit    := '(' rule ')' | term
 * </pre>
 * Operators may be written full-width (＆ ～ ｜ （ ）); blanks around operators do not count. A term
 * is normalised like the inspected text (繁→简, full-width folded, noise removed) and needs at
 * least one character. Errors are {@link LexiconFormatException}s with the line number.
 */
public final class RuleParser {
    /** At most this many characters between two NEAR operands. */
    public static final int MAX_GAP = 200;
    /** At most this many terms in one rule. */
    public static final int MAX_TERMS = 32;
    private static final Pattern NEAR = Pattern.compile("(?i)NEAR/(\\d{1,4})");
    private static final Pattern LOOKS_LIKE_RULE = Pattern.compile("[&~|()＆～｜]|(?i)\\sNEAR/");

    private final String text;
    private final int line;
    private final Normalizer normalizer = Normalizer.standard();
    private int pos;
    private int terms;

    private RuleParser(String text, int line) {
        this.text = text;
        this.line = line;
    }

    /** Whether a term column is a combination rule rather than a plain term (full-width brackets alone stay a term). */
    public static boolean isRule(String column) {
        return LOOKS_LIKE_RULE.matcher(column).find();
    }

    public static RuleExpr parse(String expression, int line) {
        RuleParser p = new RuleParser(expression, line);
        RuleExpr e = p.rule();
        p.skipBlanks();
        if (p.pos < p.text.length()) {
            throw p.error(p.peek() == ')' ? "右括号“)”没有对应的左括号" : "无法理解“" + p.rest() + "”");
        }
        return e;
    }

    private RuleExpr rule() {
        List<RuleExpr> alternatives = new ArrayList<>();
        alternatives.add(without());
        while (accept('|', '｜')) {
            alternatives.add(without());
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new RuleExpr.AnyOf(List.copyOf(alternatives));
    }

    private RuleExpr without() {
        RuleExpr e = and();
        while (accept('~', '～')) {
            e = new RuleExpr.Without(e, and());
        }
        return e;
    }

    private RuleExpr and() {
        List<RuleExpr> all = new ArrayList<>();
        all.add(near());
        while (accept('&', '＆')) {
            all.add(near());
        }
        return all.size() == 1 ? all.get(0) : new RuleExpr.SameParagraph(List.copyOf(all));
    }

    private RuleExpr near() {
        RuleExpr e = unit();
        while (true) {
            skipBlanks();
            Matcher m = NEAR.matcher(text).region(pos, text.length());
            if (!m.lookingAt()) {
                return e;
            }
            int gap = Integer.parseInt(m.group(1));
            if (gap > MAX_GAP) {
                throw error("NEAR/" + gap + " 的距离过大（最多 " + MAX_GAP + " 个字符）");
            }
            pos = m.end();
            e = new RuleExpr.Near(e, unit(), gap);
        }
    }

    private RuleExpr unit() {
        skipBlanks();
        if (accept('(', '（')) {
            RuleExpr inner = rule();
            if (!accept(')', '）')) {
                throw error(pos >= text.length() ? "缺少右括号“)”" : "括号内无法理解“" + rest() + "”");
            }
            return inner;
        }
        int start = pos;
        while (pos < text.length() && !isOperator(text.charAt(pos)) && !nearAhead()) {
            pos++;
        }
        String written = text.substring(start, pos).strip();
        if (written.isEmpty()) {
            throw error(pos >= text.length() ? "表达式不完整：运算符后缺少词语" : "“" + text.charAt(pos) + "”前缺少词语");
        }
        String key = normalizer.normalize(written).toString().strip();
        if (key.isEmpty()) {
            throw error("词语“" + written + "”规范化后为空");
        }
        if (++terms > MAX_TERMS) {
            throw error("组合中的词语超过 " + MAX_TERMS + " 个");
        }
        return new RuleExpr.Term(written, key);
    }

    /** " NEAR/" at the current position, after at least one blank (a term may contain the letters NEAR). */
    private boolean nearAhead() {
        if (pos == 0 || !Character.isWhitespace(text.charAt(pos))) {
            return false;
        }
        int j = pos;
        while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
            j++;
        }
        return NEAR.matcher(text).region(j, text.length()).lookingAt();
    }

    private static boolean isOperator(char c) {
        return "&~|()＆～｜（）".indexOf(c) >= 0;
    }

    private boolean accept(char ascii, char fullWidth) {
        skipBlanks();
        if (pos < text.length() && (text.charAt(pos) == ascii || text.charAt(pos) == fullWidth)) {
            pos++;
            return true;
        }
        return false;
    }

    private char peek() {
        char c = text.charAt(pos);
        return c == '）' ? ')' : c;
    }

    private void skipBlanks() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private String rest() {
        String r = text.substring(pos);
        return r.length() > 20 ? r.substring(0, 20) + "…" : r;
    }

    private LexiconFormatException error(String message) {
        return new LexiconFormatException(line, "组合规则“" + text + "”：" + message);
    }
}
