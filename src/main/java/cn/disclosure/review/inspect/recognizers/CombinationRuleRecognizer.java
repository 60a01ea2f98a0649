package cn.disclosure.review.inspect.recognizers;

import cn.disclosure.review.core.Severity;
import cn.disclosure.review.inspect.AnalyzedText;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.Match;
import cn.disclosure.review.inspect.Matches;
import cn.disclosure.review.inspect.Messages;
import cn.disclosure.review.inspect.Recognizer;
import cn.disclosure.review.inspect.Signal;
import cn.disclosure.review.lexicon.CombinationRule;
import cn.disclosure.review.lexicon.CompiledLexicon;
import cn.disclosure.review.lexicon.RuleExpr;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.queries.intervals.IntervalIterator;
import org.apache.lucene.queries.intervals.Intervals;
import org.apache.lucene.queries.intervals.IntervalsSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Combination rules of the lexicons (关键词组合: {@code 甲&乙}, {@code 甲~乙}, {@code 甲 NEAR/n 乙},
 * {@code (甲|乙)}), matched with Lucene intervals over a per-text {@link MemoryIndex}. The text
 * indexed is the normalised text every recognizer sees, one token per character at position
 * (offset + 1), so a term matches as a substring (a phrase of its characters), gaps count
 * characters, and a match maps back to the original through the usual offset map. Line breaks
 * are paragraph tokens, and one stands before the text and one after it, so that a paragraph is the
 * interval between two consecutive paragraph tokens. Plain terms stay in the Aho-Corasick automaton
 * ({@link LexiconTermRecognizer}); the index is built only when a term of some rule occurs in the text.
 */
public final class CombinationRuleRecognizer implements Recognizer {
    /** A combination rule of a lexicon: weighs the rule line's own severity; the policy value is a floor. */
    public static final Signal SIGNAL = Signal.of("lexicon-rule", Category.SENSITIVE_TERM, Severity.INFO);
    /** Matches reported per rule and text at most (the first ones; the verdict does not need more). */
    static final int MAX_MATCHES_PER_RULE = 50;
    private static final String FIELD = "t";
    private static final String PARAGRAPH = "\n";
    private static final IntervalsSource PARAGRAPHS = Intervals.ordered(Intervals.term(PARAGRAPH), Intervals.term(PARAGRAPH));

    private record Compiled(String lexicon, CombinationRule rule, IntervalsSource source, String message, String ruleId) {
    }

    private final List<Compiled> rules;
    /** Every term that can start a match of some rule: no such term in a text, no index. */
    private final String[] positiveTerms;

    public CombinationRuleRecognizer(CompiledLexicon lexicon) {
        List<Compiled> compiled = new ArrayList<>();
        Set<String> positive = new LinkedHashSet<>();
        for (CompiledLexicon.Rule r : lexicon.rules()) {
            CombinationRule rule = r.rule();
            String note = rule.note() == null || rule.note().isEmpty() ? "" : Messages.text("lexicon-term.note", rule.note());
            compiled.add(new Compiled(r.lexicon(), rule, source(rule.expr()),
                    Messages.text("lexicon-rule", rule.expression(), note, r.lexicon()), "rule." + r.lexicon() + ":" + rule.expression()));
            positiveTerms(rule.expr(), positive);
        }
        this.rules = List.copyOf(compiled);
        this.positiveTerms = positive.toArray(new String[0]);
    }

    @Override
    public String name() {
        return "lexicon-rule";
    }

    @Override
    public List<Signal> signals() {
        return List.of(SIGNAL);
    }

    /** The intervals a rule matches, over the per-character tokens. */
    static IntervalsSource source(RuleExpr e) {
        if (e instanceof RuleExpr.Term t) {
            return term(t.key());
        }
        if (e instanceof RuleExpr.AnyOf a) {
            return Intervals.or(sources(a.alternatives()));
        }
        if (e instanceof RuleExpr.SameParagraph s) {
            return Intervals.notContaining(Intervals.unordered(sources(s.all())), Intervals.term(PARAGRAPH));
        }
        if (e instanceof RuleExpr.Without w) {
            return Intervals.containedBy(source(w.what()), Intervals.notContaining(PARAGRAPHS, source(w.absent())));
        }
        RuleExpr.Near n = (RuleExpr.Near) e;
        return Intervals.maxgaps(n.gap(), Intervals.unordered(source(n.left()), source(n.right())));
    }

    private static IntervalsSource[] sources(List<RuleExpr> list) {
        return list.stream().map(CombinationRuleRecognizer::source).toArray(IntervalsSource[]::new);
    }

    private static IntervalsSource term(String key) {
        List<String> tokens = new ArrayList<>(key.length());
        for (int i = 0; i < key.length(); ) {
            int len = Character.charCount(key.codePointAt(i));
            tokens.add(key.substring(i, i + len));
            i += len;
        }
        return tokens.size() == 1 ? Intervals.term(tokens.get(0)) : Intervals.phrase(tokens.toArray(new String[0]));
    }

    private static void positiveTerms(RuleExpr e, Set<String> out) {
        if (e instanceof RuleExpr.Term t) {
            out.add(t.key());
        } else if (e instanceof RuleExpr.AnyOf a) {
            a.alternatives().forEach(x -> positiveTerms(x, out));
        } else if (e instanceof RuleExpr.SameParagraph s) {
            s.all().forEach(x -> positiveTerms(x, out));
        } else if (e instanceof RuleExpr.Without w) {
            positiveTerms(w.what(), out);
        } else if (e instanceof RuleExpr.Near n) {
            positiveTerms(n.left(), out);
            positiveTerms(n.right(), out);
        }
    }

    @Override
    public void analyze(AnalyzedText t, Matches out) {
        if (rules.isEmpty() || !anyPositiveTerm(t)) {
            return;
        }
        MemoryIndex index = new MemoryIndex(false, false);
        index.addField(FIELD, new CharTokens(t.chars(), t.length()));
        LeafReaderContext leaf = index.createSearcher().getIndexReader().leaves().get(0);
        try {
            for (Compiled c : rules) {
                IntervalIterator it = c.source().intervals(FIELD, leaf);
                if (it == null || it.nextDoc() != 0) {
                    continue;
                }
                int found = 0;
                while (found < MAX_MATCHES_PER_RULE && it.nextInterval() != IntervalIterator.NO_MORE_INTERVALS) {
                    int start = it.start() - 1;
                    int last = it.end() - 1;
                    if (start < 0 || last >= t.length() || last < start) {
                        continue; // a paragraph token at the text's edge; terms never are one
                    }
                    int end = last + (Character.isHighSurrogate(t.charAt(last)) && last + 1 < t.length() ? 2 : 1);
                    out.add(new Match(start, end, SIGNAL, c.rule().severity(), c.ruleId(), c.message(), 1.0));
                    found++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory index: not expected
        }
    }

    private boolean anyPositiveTerm(AnalyzedText t) {
        String text = new String(t.chars(), 0, t.length());
        for (String term : positiveTerms) {
            if (text.contains(term)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One token per character (a surrogate pair is one token) at position offset + 1; line breaks
     * are paragraph tokens; a paragraph token at position 0 and one after the last character.
     */
    static final class CharTokens extends TokenStream {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);
        private final char[] chars;
        private final int length;
        private int next;
        private int lastPosition;
        private int state;

        CharTokens(char[] chars, int length) {
            this.chars = chars;
            this.length = length;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            next = 0;
            lastPosition = -1;
            state = 0;
        }

        @Override
        public boolean incrementToken() {
            clearAttributes();
            if (state == 0) {
                state = 1;
                emit(PARAGRAPH, 0);
                return true;
            }
            if (next < length) {
                char c = chars[next];
                int len = Character.isHighSurrogate(c) && next + 1 < length && Character.isLowSurrogate(chars[next + 1]) ? 2 : 1;
                if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029') {
                    emit(PARAGRAPH, next + 1);
                } else {
                    term.copyBuffer(chars, next, len);
                    increment.setPositionIncrement(next + 1 - lastPosition);
                    lastPosition = next + 1;
                }
                next += len;
                return true;
            }
            if (state == 1) {
                state = 2;
                emit(PARAGRAPH, length + 1);
                return true;
            }
            return false;
        }

        private void emit(String text, int position) {
            term.setEmpty().append(text);
            increment.setPositionIncrement(position - lastPosition);
            lastPosition = position;
        }
    }
}
