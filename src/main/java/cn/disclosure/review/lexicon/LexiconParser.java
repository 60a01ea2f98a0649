package cn.disclosure.review.lexicon;

import cn.disclosure.review.core.Severity;
import cn.disclosure.review.text.Normalizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the lexicon format: UTF-8 text, one term a line, {@code term<TAB>severity<TAB>note};
 * severity (BLOCK, WARN, INFO; any case) and note are optional, severity defaults to WARN; lines
 * starting with {@code #} and blank lines are ignored. A bad line is refused with its number.
 * A term listed twice keeps its heaviest severity. A term column holding an expression
 * ({@code 甲&乙}, {@code 甲~乙}, {@code 甲 NEAR/n 乙}, {@code (甲|乙)}) is a combination rule
 * ({@link RuleParser}); allow lists hold terms only.
 */
public final class LexiconParser {
    /** Lexicon names: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    public static final int MAX_TERM_LENGTH = 64;
    public static final int MAX_NOTE_LENGTH = 200;
    public static final int MAX_RULE_LENGTH = 300;
    public static final int MIN_KEY_LENGTH = 2;

    private final int maxTerms;

    public LexiconParser(int maxTerms) {
        this.maxTerms = maxTerms;
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new LexiconFormatException(0, "词库名称只能由小写字母、数字、点、下划线和连字符组成（最长 64 个字符）");
        }
    }

    public Lexicon parse(String name, int version, String content) {
        checkName(name);
        Normalizer normalizer = Normalizer.standard();
        Map<String, LexiconEntry> byKey = new LinkedHashMap<>(estimatedLines(content) * 4 / 3 + 1);
        List<CombinationRule> rules = new ArrayList<>();
        LexiconKind kind = LexiconKind.ofName(name);
        int lineNo = 0;
        int pos = 0;
        int n = content.length();
        if (n > 0 && content.charAt(0) == '\uFEFF') {
            pos = 1;
        }
        while (pos < n) {
            int eol = content.indexOf('\n', pos);
            if (eol < 0) {
                eol = n;
            }
            lineNo++;
            String line = content.substring(pos, eol > pos && content.charAt(eol - 1) == '\r' ? eol - 1 : eol);
            pos = eol + 1;
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            String column = line.split("\t", 2)[0];
            if (RuleParser.isRule(column)) {
                if (kind == LexiconKind.ALLOW) {
                    throw new LexiconFormatException(lineNo, "白名单词库只能收录词条，不能使用组合规则");
                }
                rules.add(parseRule(line, lineNo));
                if (byKey.size() + rules.size() > maxTerms) {
                    throw new LexiconFormatException(lineNo, "词条超过上限 " + maxTerms + " 条");
                }
                continue;
            }
            LexiconEntry e = parseLine(line, lineNo, normalizer);
            LexiconEntry before = byKey.get(e.key());
            if (before == null || e.severity().ordinal() > before.severity().ordinal()) {
                byKey.put(e.key(), e);
            }
            if (byKey.size() + rules.size() > maxTerms) {
                throw new LexiconFormatException(lineNo, "词条超过上限 " + maxTerms + " 条");
            }
        }
        return new Lexicon(name, version, kind, List.copyOf(byKey.values()), List.copyOf(rules));
    }

    private static int estimatedLines(String content) {
        int lines = 1;
        for (int i = content.indexOf('\n'); i >= 0 && lines < 1_000_000; i = content.indexOf('\n', i + 1)) {
            lines++;
        }
        return lines;
    }

    /** A line whose term column is an expression. */
    private static CombinationRule parseRule(String line, int lineNo) {
        String[] cols = columns(line, lineNo);
        String expression = cols[0].strip();
        if (expression.length() > MAX_RULE_LENGTH) {
            throw new LexiconFormatException(lineNo, "组合规则超过 " + MAX_RULE_LENGTH + " 个字符");
        }
        RuleExpr expr = RuleParser.parse(expression, lineNo);
        return new CombinationRule(expression, expr, severity(cols, lineNo), note(cols, lineNo), lineNo);
    }

    private static String[] columns(String line, int lineNo) {
        String[] cols = line.split("\t", -1);
        if (cols.length > 3) {
            throw new LexiconFormatException(lineNo, "列数过多，格式应为：词条<TAB>级别<TAB>说明");
        }
        return cols;
    }

    private static Severity severity(String[] cols, int lineNo) {
        if (cols.length > 1 && !cols[1].isBlank()) {
            try {
                return Severity.valueOf(cols[1].strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                throw new LexiconFormatException(lineNo, "级别“" + cols[1].strip() + "”无效，应为 BLOCK、WARN 或 INFO");
            }
        }
        return Severity.WARN;
    }

    private static String note(String[] cols, int lineNo) {
        String note = cols.length > 2 ? cols[2].strip() : "";
        if (note.length() > MAX_NOTE_LENGTH) {
            throw new LexiconFormatException(lineNo, "说明超过 " + MAX_NOTE_LENGTH + " 个字符");
        }
        return note;
    }

    private static LexiconEntry parseLine(String line, int lineNo, Normalizer normalizer) {
        String[] cols = columns(line, lineNo);
        String term = cols[0].strip();
        if (term.isEmpty()) {
            throw new LexiconFormatException(lineNo, "词条为空");
        }
        if (term.length() > MAX_TERM_LENGTH) {
            throw new LexiconFormatException(lineNo, "词条超过 " + MAX_TERM_LENGTH + " 个字符");
        }
        String key = normalizer.normalize(term).toString().strip();
        if (key.length() < MIN_KEY_LENGTH) {
            throw new LexiconFormatException(lineNo, "词条过短（规范化后至少 " + MIN_KEY_LENGTH + " 个字符）");
        }
        return new LexiconEntry(term, key, severity(cols, lineNo), note(cols, lineNo), lineNo);
    }
}
