package cn.disclosure.review.inspect.recognizers;

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
 * Internal markings: 内部, 内部资料, 工作秘密… where a marking stands, not where the words occur
 * in prose (单位内部, 内部管理, 涉及工作秘密的事项): followed by a star (内部★, 工作秘密★1年), by a
 * keeping instruction (内部资料 注意保存, 内部文件，请勿外传), alone on a line, or in brackets
 * after a cited title (《…》（内部）). Not state secrets, so weighed by the policy's
 * {@code internal-marking} severity (WARN by default); still never for publication.
 */
public final class InternalMarkingRecognizer implements Recognizer {
    /** 内部 / 工作秘密 / 内部资料 注意保存 style markings: not state secrets, not for publication. */
    public static final Signal SIGNAL = Signal.of("internal-marking", Category.CLASSIFICATION_MARK, Severity.WARN);
    static final String MSG = Messages.text("internal-marking");
    private static final String[] LABEL_TAILS = {"资料", "文件", "材料", "刊物", "参考", "使用", "明电", "资料汇编"};
    private static final String[] NOTICES = {"注意保存", "妥善保管", "注意保管", "不得外传", "请勿外传", "严禁外传",
            "不得翻印", "请勿翻印", "不得转载", "请勿转载", "阅后收回", "用后收回", "阅后退回", "不得公开", "请勿公开",
            "严禁公开", "请勿外泄", "不得外泄", "注意保密"};

    @Override
    public String name() {
        return "internal-marking";
    }

    @Override
    public List<Signal> signals() {
        return List.of(SIGNAL);
    }

    @Override
    public String anchors() {
        return "内密";
    }

    @Override
    public void analyze(AnalyzedText t, Matches out) {
        for (int k = 0; k < t.anchorCount(); k++) {
            int p = t.anchor(k);
            int s;
            if (t.charAt(p) == '内') {
                s = p;
            } else if (t.charAt(p) == '密' && t.startsWith(p - 3, "工作秘")) {
                s = p - 3;
            } else {
                continue;
            }
            int e = label(t, s);
            if (e > 0) {
                marking(t, s, e, out);
            }
        }
    }

    /** The end of an internal label starting at {@code i} (内部, 内部资料…, 工作秘密), or -1. */
    static int label(AnalyzedText t, int i) {
        if (t.startsWith(i, "工作秘密")) {
            return i + 4;
        }
        if (!t.startsWith(i, "内部")) {
            return -1;
        }
        int e = i + 2;
        for (String tail : LABEL_TAILS) {
            if (t.startsWith(i + 2, tail)) {
                e = Math.max(e, i + 2 + tail.length());
            }
        }
        return e;
    }

    private static void marking(AnalyzedText t, int s, int e, Matches out) {
        int j = t.skipBlanks(e, 2);
        int star = MarkGrammar.starLength(t, j);
        if (star > 0 || (MarkGrammar.isStandIn(t.charAt(j)) && t.charAt(j) != 'x')) {
            int sep = Math.max(star, 1);
            int pe = MarkGrammar.period(t, j + sep, star > 0, true);
            out.add(Match.of(s, pe > 0 ? pe : j + sep, SIGNAL, "mark.internal.star", MSG, 0.9));
            return;
        }
        int n = j;
        while (n < j + 3 && (t.charAt(n) == ',' || t.charAt(n) == '、' || t.charAt(n) == ';' || t.charAt(n) == ' '
                || t.charAt(n) == '\t' || t.charAt(n) == '.')) {
            n++;
        }
        for (String notice : NOTICES) {
            if (t.startsWith(n, notice)) {
                out.add(Match.of(s, n + notice.length(), SIGNAL, "mark.internal.notice", MSG, 0.9));
                return;
            }
        }
        if (MarkGrammar.afterTitle(t, s) && MarkGrammar.isClosingBracket(t.charAt(e))) {
            out.add(Match.of(s, e, SIGNAL, "mark.internal.cited", MSG, 0.85));
            return;
        }
        if (t.startsLine(s) && t.endsLine(e)) {
            out.add(Match.of(s, e, SIGNAL, "mark.internal.line", MSG, 0.8));
        }
    }
}
