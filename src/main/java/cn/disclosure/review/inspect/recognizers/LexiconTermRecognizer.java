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
import cn.disclosure.review.lexicon.CompiledLexicon;
import cn.disclosure.review.lexicon.LexiconTerm;

/**
 * Terms of every lexicon, found in one Aho-Corasick scan of the normalised text (so 審計工作底稿,
 * 审 计 工 作 底 稿 and 标-底 are found). An allow-list hit marks its span as vouched for. A short
 * hit (up to {@code boundaryCheckMaxLength} characters) that cuts across the words of the
 * surrounding text is not a finding: 目标底线 is 目标|底线 and does not contain 标底. Longer terms
 * are specific enough to stand on their own (尚未公开数据 still contains 未公开数据).
 */
public final class LexiconTermRecognizer implements Recognizer {
    /** A term of a lexicon: weighs the lexicon line's own severity; the policy value is a floor. */
    public static final Signal SIGNAL = Signal.of("lexicon-term", Category.SENSITIVE_TERM, Severity.INFO);
    private final CompiledLexicon lexicon;
    private final int boundaryCheckMaxLength;

    public LexiconTermRecognizer(CompiledLexicon lexicon, int boundaryCheckMaxLength) {
        this.lexicon = lexicon;
        this.boundaryCheckMaxLength = boundaryCheckMaxLength;
    }

    @Override
    public String name() {
        return "lexicon-term";
    }

    @Override
    public List<Signal> signals() {
        return List.of(SIGNAL);
    }

    @Override
    public void analyze(AnalyzedText t, Matches out) {
        lexicon.scan(t.chars(), (begin, end, term) -> hit(t, begin, end, term, out));
    }

    private void hit(AnalyzedText t, int begin, int end, LexiconTerm term, Matches out) {
        if (term.allow()) {
            out.allow(begin, end);
            return;
        }
        if (end - begin <= boundaryCheckMaxLength && !t.words().aligned(begin, end)) {
            return;
        }
        out.add(new Match(begin, end, SIGNAL, term.severity(), "term." + term.lexicon(), message(term), 1.0));
    }

    static String message(LexiconTerm term) {
        String note = term.note() == null || term.note().isEmpty() ? "" : Messages.text("lexicon-term.note", term.note());
        return Messages.text("lexicon-term", term.term(), note, term.lexicon());
    }
}
