package cn.disclosure.review.inspect;

import cn.disclosure.review.core.Severity;
import cn.disclosure.review.extract.ExtractedPart.Origin;
import cn.disclosure.review.inspect.recognizers.BankCardRecognizer;
import cn.disclosure.review.inspect.recognizers.ClassificationMarkRecognizer;
import cn.disclosure.review.inspect.recognizers.CombinationRuleRecognizer;
import cn.disclosure.review.inspect.recognizers.IdCardRecognizer;
import cn.disclosure.review.inspect.recognizers.InternalMarkingRecognizer;
import cn.disclosure.review.inspect.recognizers.LexiconTermRecognizer;
import cn.disclosure.review.inspect.recognizers.MobileRecognizer;
import cn.disclosure.review.text.Normalizer;
import cn.disclosure.review.lexicon.CompiledLexicon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The engine's core for one text, usable without Quarkus (benchmarks, tests): normalise once,
 * record anchor positions once, run every recognizer over the same {@link AnalyzedText}, then
 * in one place drop what an allow list vouches for, resolve overlaps, weigh each match by the
 * {@link Policy} and map it back to the original text.
 *
 * <pre>{@code
 * CompiledLexicon lexicon = CompiledLexicon.compile(List.of(new LexiconParser(1_000_000).parse("terms", 1, tsv)));
 * TextInspector inspector = new TextInspector(lexicon);
 * List<Finding> findings = inspector.inspect("body", text, Origin.VISIBLE);
 * }</pre>
 * Immutable and thread-safe.
 */
public final class TextInspector {
    /** Lexicon hits this long or shorter must sit on word boundaries (segmentation); longer ones need not. */
    public static final int DEFAULT_BOUNDARY_CHECK_MAX_LENGTH = 3;
    private static final int SNIPPET_CONTEXT = 20;
    private static final Comparator<Weighed> ORDER = Comparator.<Weighed>comparingInt(w -> w.match.start())
            .thenComparing(w -> -w.match.end())
            .thenComparing(w -> -w.severity.ordinal())
            .thenComparing(w -> -w.match.score())
            .thenComparing(w -> w.match.signal().id());

    private final List<Recognizer> recognizers;
    private final Policy policy;
    private final Map<String, Integer> lexiconVersions;
    private final boolean[] anchorTable = new boolean[65536];

    public TextInspector(CompiledLexicon lexicon) {
        this(lexicon, Policy.defaults(), DEFAULT_BOUNDARY_CHECK_MAX_LENGTH);
    }

    public TextInspector(CompiledLexicon lexicon, Policy policy, int boundaryCheckMaxLength) {
        this(standardRecognizers(lexicon, boundaryCheckMaxLength), policy, lexicon.versions());
    }

    public TextInspector(List<Recognizer> recognizers, Policy policy, Map<String, Integer> lexiconVersions) {
        this.recognizers = List.copyOf(recognizers);
        for (Recognizer r : recognizers) {
            if (r.signals().isEmpty()) {
                throw new IllegalArgumentException("recognizer " + r.name() + " declares no signal");
            }
        }
        this.policy = policy;
        this.lexiconVersions = lexiconVersions;
        for (Recognizer r : recognizers) {
            for (char c : r.anchors().toCharArray()) {
                anchorTable[c] = true;
            }
        }
    }

    /** The registry: every recognizer the engine runs, in this order. */
    public static List<Recognizer> standardRecognizers(CompiledLexicon lexicon, int boundaryCheckMaxLength) {
        return List.of(
                new ClassificationMarkRecognizer(),
                new InternalMarkingRecognizer(),
                new LexiconTermRecognizer(lexicon, boundaryCheckMaxLength),
                new CombinationRuleRecognizer(lexicon),
                new IdCardRecognizer(),
                new BankCardRecognizer(),
                new MobileRecognizer());
    }

    /** Every signal the recognizers declare, by id. */
    public Map<String, Signal> signals() {
        Map<String, Signal> out = new java.util.TreeMap<>();
        for (Recognizer r : recognizers) {
            for (Signal s : r.signals()) {
                out.put(s.id(), s);
            }
        }
        return out;
    }

    public Policy policy() {
        return policy;
    }

    /** Versions of the lexicons the recognizers use. */
    public Map<String, Integer> lexiconVersions() {
        return lexiconVersions;
    }

    public List<Recognizer> recognizers() {
        return recognizers;
    }

    /** Everything found in one part's text; offsets, {@code matched} and snippets refer to {@code text}. */
    public List<Finding> inspect(String part, String text, Origin origin) {
        AnalyzedText analyzed = analyze(part, text, origin);
        Matches out = new Matches();
        for (Recognizer r : recognizers) {
            r.analyze(analyzed, out);
        }
        return findings(analyzed, resolve(out));
    }

    public AnalyzedText analyze(String part, String text, Origin origin) {
        return new AnalyzedText(part, origin, Normalizer.forOrigin(origin).normalize(text), anchorTable);
    }

    private record Weighed(Match match, Severity severity) {
    }

    /** Allow lists, then overlaps: a match inside another at least as heavy is dropped. */
    List<Weighed> resolve(Matches out) {
        List<Match> all = out.list();
        if (all.isEmpty()) {
            return List.of();
        }
        long[] allowed = sortedAllowed(out);
        List<Weighed> weighed = new ArrayList<>(all.size());
        for (Match m : all) {
            if (m.signal().category() != Category.CLASSIFICATION_MARK && covered(allowed, m)) {
                continue;
            }
            weighed.add(new Weighed(m, policy.severityOf(m.signal(), m.ownSeverity())));
        }
        weighed.sort(ORDER);
        int[] maxEndAtLeast = {-1, -1, -1};
        List<Weighed> kept = new ArrayList<>(weighed.size());
        for (Weighed w : weighed) {
            int sev = w.severity.ordinal();
            if (maxEndAtLeast[sev] >= w.match.end()) {
                continue;
            }
            kept.add(w);
            for (int s = 0; s <= sev; s++) {
                maxEndAtLeast[s] = Math.max(maxEndAtLeast[s], w.match.end());
            }
        }
        return kept;
    }

    /** Allow spans packed as (start << 32 | end), sorted by start, with ends replaced by running maxima. */
    private static long[] sortedAllowed(Matches out) {
        int n = out.allowedCount();
        long[] spans = new long[n];
        for (int i = 0; i < n; i++) {
            spans[i] = ((long) out.allowedStart(i) << 32) | out.allowedEnd(i);
        }
        Arrays.sort(spans);
        long maxEnd = -1;
        for (int i = 0; i < n; i++) {
            maxEnd = Math.max(maxEnd, spans[i] & 0xFFFFFFFFL);
            spans[i] = (spans[i] & 0xFFFFFFFF00000000L) | maxEnd;
        }
        return spans;
    }

    private static boolean covered(long[] allowed, Match m) {
        int lo = 0;
        int hi = allowed.length - 1;
        int last = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if ((int) (allowed[mid] >>> 32) <= m.start()) {
                last = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return last >= 0 && (allowed[last] & 0xFFFFFFFFL) >= m.end();
    }

    private static List<Finding> findings(AnalyzedText t, List<Weighed> kept) {
        List<Finding> out = new ArrayList<>(kept.size());
        String original = t.normalized().original();
        for (Weighed w : kept) {
            Match m = w.match;
            int s = t.normalized().originalStart(m.start());
            int e = t.normalized().originalEnd(m.end());
            out.add(new Finding(m.signal().category(), w.severity, original.substring(s, e), s, e, t.part(),
                    m.rule(), m.message(), snippet(original, s, e), m.score()));
        }
        return out;
    }

    /** The original text around [start, end), on one line, with … where it was cut. */
    public static String snippet(String original, int start, int end) {
        int from = Math.max(0, start - SNIPPET_CONTEXT);
        int to = Math.min(original.length(), end + SNIPPET_CONTEXT);
        StringBuilder b = new StringBuilder(to - from + 2);
        if (from > 0) {
            b.append('…');
        }
        for (int i = from; i < to; i++) {
            char c = original.charAt(i);
            b.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
        }
        if (to < original.length()) {
            b.append('…');
        }
        return b.toString();
    }
}
