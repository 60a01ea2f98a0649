package cn.disclosure.review.inspect.recognizers;

import cn.disclosure.review.extract.ExtractedPart.Origin;
import cn.disclosure.review.inspect.AnalyzedText;
import cn.disclosure.review.inspect.Match;
import cn.disclosure.review.inspect.Matches;
import cn.disclosure.review.inspect.Recognizer;
import cn.disclosure.review.core.Severity;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.Messages;
import cn.disclosure.review.inspect.Signal;

import java.util.List;

/**
 * 国家秘密标志 (GB/T 9704: 密级★保密期限, or ★解密时间/解密条件) in every shape a draft carries
 * it, triggered only at 密 and at stars:
 * <ul>
 *   <li>level, star, period: 机密★5年, 秘密 ★ 2年, 絕密★長期, 绝密★启用前, 机密★2025年12月31日前;
 *       a level with a star and no period (机密★);</li>
 *   <li>a stand-in typed for the star (* ＊ ※ × ●…) or an OCR misreading of it (女 大 食…),
 *       only when a valid period follows;</li>
 *   <li>form fields: 密级：机密, 密 级: 秘密, 保密期限：5年, 解密时间：2026年1月1日
 *       (密级：公开 / 非密 / 无 are not marks; 密级：内部 is an internal marking);</li>
 *   <li>a cited document: 《…》（秘密★1年） or 《…》（机密）;</li>
 *   <li>a covered level: ■■★5年, or ★5年 alone on its line;</li>
 *   <li>a level alone on its line; in OCR text, a level directly followed by a period (the star lost).</li>
 * </ul>
 * Prose about secrecy work (保密工作, 涉密人员, 标密文件, 密级标识, 机密性, 有机密封, 城市的秘密,
 * 五星★, ★★★★★) has none of these shapes and is not matched.
 */
public final class ClassificationMarkRecognizer implements Recognizer {
    /** Any 国家秘密标志 (fail closed: no policy weighs it below WARN). */
    public static final Signal MARK = new Signal("classification-mark", Category.CLASSIFICATION_MARK, Severity.BLOCK, Severity.WARN);
    /**
     * A marking quoted or introduced as an example in explanatory text (保密宣传: 国家秘密标志如“机密★10年”表示…):
     * WARN, the reviewer confirms it is not the document's own marking.
     */
    public static final Signal CITED = new Signal("classification-mark.cited", Category.CLASSIFICATION_MARK, Severity.WARN, Severity.WARN);
    /** Words that introduce an example or a definition right before a marking (after blanks, a colon or an opening quote). */
    private static final String[] EXAMPLE_CUES = {"例如", "比如", "譬如", "诸如", "如", "标注为", "标注", "标为", "标明", "标示为",
            "标识为", "标记为", "标有", "是指", "即", "称为", "写为", "写作", "写成", "形如", "格式为", "样式为", "表述为", "印制",
            "像", "举例", "例"};
    private static final int MAX_CUE_LENGTH = 3;
    private static final String OPENING_QUOTES = "“\"「『‘'〝";
    private static final String CLOSING_QUOTES = "”\"」』’'〞";
    /** What may stand between two markings of one list of examples: 如绝密★长期、机密★10年和秘密★5年. */
    private static final String LIST_SEPARATORS = "、,;/和或及与以 \t“”\"「」『』‘’'";
    static final String MSG_MARK = Messages.text("classification-mark.mark");
    static final String MSG_CITED = Messages.text("classification-mark.cited-document");
    static final String MSG_FIELD = Messages.text("classification-mark.field");
    static final String MSG_COVERED = Messages.text("classification-mark.covered");
    static final String MSG_INTERNAL_FIELD = Messages.text("classification-mark.internal-field");

    @Override
    public String name() {
        return "classification-mark";
    }

    @Override
    public List<Signal> signals() {
        return List.of(MARK, CITED, InternalMarkingRecognizer.SIGNAL);
    }

    @Override
    public String anchors() {
        return "密" + MarkGrammar.STARS + "\uD83C";
    }

    @Override
    public void analyze(AnalyzedText t, Matches out) {
        Matches found = new Matches();
        marks(t, found);
        List<Match> all = new java.util.ArrayList<>(found.list());
        all.sort(java.util.Comparator.comparingInt(Match::start));
        int lastCitedEnd = -1;
        int firstLetter = 0;
        while (firstLetter < t.length() && !Character.isLetterOrDigit(t.charAt(firstLetter))) {
            firstLetter++;
        }
        for (Match m : all) {
            if (m.signal() == MARK && !m.rule().startsWith("mark.cited")
                    && citedAsExample(t, m.start(), m.end(), lastCitedEnd, firstLetter)) {
                String original = t.normalized().original().substring(t.normalized().originalStart(m.start()),
                        t.normalized().originalEnd(m.end()));
                out.add(new Match(m.start(), m.end(), CITED, null, CITED.id(), Messages.text("classification-mark.cited", original),
                        m.score() * 0.9));
                lastCitedEnd = Math.max(lastCitedEnd, m.end());
            } else {
                out.add(m);
            }
        }
    }

    /**
     * Whether the marking at [s, e) is cited as an example in explanatory text: in quotes or right
     * after a word that introduces an example (如、例如、标注为、是指、即…), or listed after such a
     * marking. Never at the document's head (nothing but punctuation before it), never standing
     * alone on its line, never in a header or footer part: there a marking is the document's own.
     */
    static boolean citedAsExample(AnalyzedText t, int s, int e, int lastCitedEnd, int firstLetter) {
        if (inHeaderPart(t.part()) || s <= firstLetter || standsAlone(t, s, e) || onlyACueBefore(t, s, e)) {
            return false;
        }
        if (lastCitedEnd >= 0 && lastCitedEnd <= s && s - lastCitedEnd <= 4 && onlyChars(t, lastCitedEnd, s, LIST_SEPARATORS)) {
            return true;
        }
        int b = MarkGrammar.skipBlanksBack(t, s - 1, 2);
        boolean opened = OPENING_QUOTES.indexOf(t.charAt(b)) >= 0 && b >= 0;
        int a = t.skipBlanks(e, 2);
        if (opened && CLOSING_QUOTES.indexOf(t.charAt(a)) >= 0 && a < t.length()) {
            return true;
        }
        int c = opened ? MarkGrammar.skipBlanksBack(t, b - 1, 2) : b;
        if (t.charAt(c) == ':' && c >= 0) {
            c = MarkGrammar.skipBlanksBack(t, c - 1, 2);
        }
        for (String cue : EXAMPLE_CUES) {
            if (c - cue.length() + 1 >= 0 && t.startsWith(c - cue.length() + 1, cue)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inHeaderPart(String part) {
        String last = part == null ? "" : part.substring(part.lastIndexOf('/') + 1);
        return last.startsWith("header") || last.startsWith("footer") || last.contains("页眉") || last.contains("页脚");
    }

    /**
     * A marking alone on its line, quotes and punctuation around it not counting. Lines are those of
     * the original text (the normalisation joins a line break inside running Chinese text).
     */
    private static boolean standsAlone(AnalyzedText t, int s, int e) {
        return lettersBefore(t, s).isEmpty() && nothingAfter(t, e);
    }

    /**
     * A line holding nothing but a cue word and the marking (例：机密★5年): a cue put in front of a
     * document's own marking must not make it an example.
     */
    private static boolean onlyACueBefore(AnalyzedText t, int s, int e) {
        if (!nothingAfter(t, e)) {
            return false;
        }
        String letters = lettersBefore(t, s);
        for (String cue : EXAMPLE_CUES) {
            if (cue.equals(letters)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The letters and digits (normalised) between the start of the original line and normalised
     * position {@code s}; only the last few (no cue is longer), so a long line costs no more.
     */
    private static String lettersBefore(AnalyzedText t, int s) {
        String o = t.normalized().original();
        int p = t.normalized().originalStart(s) - 1;
        StringBuilder b = new StringBuilder();
        for (; p >= 0 && o.charAt(p) != '\n' && o.charAt(p) != '\r' && b.length() <= MAX_CUE_LENGTH; p--) {
            if (Character.isLetterOrDigit(o.charAt(p))) {
                b.append(o.charAt(p));
            }
        }
        return cn.disclosure.review.text.Normalizer.standard().normalize(b.reverse().toString()).toString();
    }

    /** No letter or digit between normalised end position {@code e} and the end of its original line. */
    private static boolean nothingAfter(AnalyzedText t, int e) {
        String o = t.normalized().original();
        for (int p = t.normalized().originalEnd(e); p < o.length() && o.charAt(p) != '\n' && o.charAt(p) != '\r'; p++) {
            if (Character.isLetterOrDigit(o.charAt(p))) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlyChars(AnalyzedText t, int from, int to, String allowed) {
        for (int i = from; i < to; i++) {
            if (allowed.indexOf(t.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static void marks(AnalyzedText t, Matches out) {
        for (int k = 0; k < t.anchorCount(); k++) {
            int p = t.anchor(k);
            if (t.charAt(p) == '密') {
                level(t, p, out);
                field(t, p, out);
            } else if (MarkGrammar.starLength(t, p) > 0) {
                covered(t, p, out);
            }
        }
    }

    /** A level ending at the 密 at {@code p}, followed by a star (or its stand-in) and a period. */
    private static void level(AnalyzedText t, int p, Matches out) {
        if (!MarkGrammar.levelEndsAt(t, p)) {
            return;
        }
        int s = p - 1;
        int afterLevel = t.charAt(p + 1) == '级' ? p + 2 : p + 1;
        boolean cited = MarkGrammar.afterTitle(t, s);
        String rule = cited ? "mark.cited" : "mark.level-star";
        String msg = cited ? MSG_CITED : MSG_MARK;
        int j = t.skipBlanks(afterLevel, 2);
        int star = MarkGrammar.starLength(t, j);
        if (star > 0) {
            int e = MarkGrammar.period(t, j + star, true, true);
            if (e > 0) {
                out.add(Match.of(s, e, MARK, rule + "-period", msg, 1.0));
            } else {
                out.add(Match.of(s, j + star, MARK, rule, msg, 0.9));
            }
            return;
        }
        if (MarkGrammar.isStandIn(t.charAt(j))) {
            int e = MarkGrammar.period(t, j + 1, false, true);
            if (e > 0) {
                out.add(Match.of(s, e, MARK, cited ? "mark.cited-stand-in" : "mark.stand-in", msg, 0.9));
            }
            return;
        }
        if (j == p + 1 && MarkGrammar.isOcrMisreading(t.charAt(j))) {
            int e = MarkGrammar.period(t, j + 1, false, false);
            if (e > 0) {
                out.add(Match.of(s, e, MARK, "mark.ocr-star", msg, 0.8));
                return;
            }
        }
        if (cited && MarkGrammar.isClosingBracket(t.charAt(j))) {
            out.add(Match.of(s, afterLevel, MARK, "mark.cited-level", MSG_CITED, 0.9));
            return;
        }
        if (t.origin() == Origin.OCR && j == afterLevel) {
            int e = MarkGrammar.period(t, afterLevel, false, false);
            if (e > 0) {
                out.add(Match.of(s, e, MARK, "mark.ocr-no-star", msg, 0.7));
                return;
            }
        }
        if (t.startsLine(s) && t.endsLine(afterLevel)) {
            out.add(Match.of(s, afterLevel, MARK, "mark.level-line", MSG_MARK, 0.8));
        }
    }

    /** Form fields whose label contains the 密 at {@code p}: 密级, 保密等级, 保密期限, 解密时间/日期. */
    private static void field(AnalyzedText t, int p, Matches out) {
        char before = t.charAt(p - 1);
        if (t.charAt(p + 1) == '级' && MarkGrammar.LEVEL_FIRST.indexOf(before) < 0) {
            levelField(t, p, p + 2, out);
        } else if (before == '保' && t.startsWith(p + 1, "等级")) {
            levelField(t, p - 1, p + 3, out);
        } else if (before == '保' && t.startsWith(p + 1, "期限")) {
            int v = fieldValue(t, p + 3, true);
            int e = v < 0 ? -1 : MarkGrammar.period(t, v, true, false);
            if (e > 0) {
                out.add(Match.of(p - 1, e, MARK, "mark.field.period", MSG_FIELD, 0.95));
            }
        } else if (before == '解' && (t.startsWith(p + 1, "时间") || t.startsWith(p + 1, "日期"))) {
            int v = fieldValue(t, p + 3, true);
            int e = v < 0 ? -1 : MarkGrammar.period(t, v, false, false);
            if (e > 0 && Character.isDigit(t.charAt(v))) {
                out.add(Match.of(p - 1, e, MARK, "mark.field.declassify", MSG_FIELD, 0.9));
            }
        }
    }

    private static void levelField(AnalyzedText t, int labelStart, int labelEnd, Matches out) {
        int v = fieldValue(t, labelEnd, false);
        if (v < 0) {
            return;
        }
        int e = MarkGrammar.level(t, v);
        if (e > 0) {
            int j = t.skipBlanks(e, 2);
            int star = MarkGrammar.starLength(t, j);
            if (star > 0 || MarkGrammar.isStandIn(t.charAt(j))) {
                int pe = MarkGrammar.period(t, j + Math.max(star, 1), star > 0, true);
                e = pe > 0 ? pe : star > 0 ? j + star : e;
            }
            out.add(Match.of(labelStart, e, MARK, "mark.field.level", MSG_FIELD, 0.95));
            return;
        }
        int internal = InternalMarkingRecognizer.label(t, v);
        if (internal > 0) {
            out.add(Match.of(labelStart, internal, InternalMarkingRecognizer.SIGNAL, "mark.field.internal", MSG_INTERNAL_FIELD, 0.9));
        }
    }

    /**
     * Where a field's value starts after its label: past blanks and a colon or closing bracket.
     * With {@code separatorRequired} (periods, dates) a value glued to the label is prose, not a field.
     */
    private static int fieldValue(AnalyzedText t, int labelEnd, boolean separatorRequired) {
        int j = t.skipBlanks(labelEnd, 4);
        boolean separated = j > labelEnd;
        char c = t.charAt(j);
        if (c == ':' || c == '】' || c == ']' || c == '|') {
            j = t.skipBlanks(j + 1, 4);
            separated = true;
        }
        return separated || !separatorRequired ? j : -1;
    }

    /** A star with a covered level: ■■★5年, or ★5年 alone on its line. */
    private static void covered(AnalyzedText t, int p, Matches out) {
        int q = MarkGrammar.skipBlanksBack(t, p - 1, 2);
        char before = t.charAt(q);
        if (before == '密' || before == '级' || before == '部') {
            return; // a level or internal marking before the star: the other rules judge it
        }
        int coverStart = q + 1;
        while (coverStart - 1 >= 0 && q - coverStart < 4 && MarkGrammar.COVERS.indexOf(t.charAt(coverStart - 1)) >= 0
                && t.charAt(coverStart - 1) != '\0') {
            coverStart--;
        }
        int e = MarkGrammar.period(t, p + MarkGrammar.starLength(t, p), false, true);
        if (e < 0) {
            return;
        }
        if (coverStart <= q) {
            out.add(Match.of(coverStart, e, MARK, "mark.covered-level", MSG_COVERED, 0.85));
        } else if (t.startsLine(p) && t.endsLine(e)) {
            out.add(Match.of(p, e, MARK, "mark.covered-line", MSG_COVERED, 0.8));
        }
    }
}
