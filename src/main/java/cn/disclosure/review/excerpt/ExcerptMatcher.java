package cn.disclosure.review.excerpt;

import cn.disclosure.review.text.NormalizedText;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the passages of a text that share at least {@link Fingerprinter#RUN} letters with a
 * protected document:
 * <ol>
 * <li>candidates: the text's winnowed grams looked up in the {@link ExcerptIndex} (by the winnowing
 * guarantee, every shared run of RUN letters yields one, unless its gram is boilerplate);</li>
 * <li>confirmation: the runs of RUN letters around each candidate gram are looked up in the
 * {@link RunStore}; only a confirmed run is an excerpt (a shared gram alone proves K letters);</li>
 * <li>extension: confirmed runs grow run by run to the left and right while the neighbours are
 * confirmed too, and overlapping runs of one document merge into one passage.</li>
 * </ol>
 * Offsets are mapped back through the letters and the normalisation offset map to the original text.
 */
public final class ExcerptMatcher {

    /** One passage of the checked text shared with one protected document. */
    public record Passage(long documentId, String title, int start, int end, int letters) {
    }

    private final Fingerprinter fingerprinter;

    public ExcerptMatcher(Fingerprinter fingerprinter) {
        this.fingerprinter = fingerprinter;
    }

    public List<Passage> find(NormalizedText text, ExcerptIndex index, RunStore runs) {
        if (index.isEmpty()) {
            return List.of();
        }
        Letters l = Letters.of(text);
        if (l.count < Fingerprinter.RUN) {
            return List.of();
        }
        int lastRun = l.count - Fingerprinter.RUN;
        BitSet candidates = new BitSet(lastRun + 1);
        for (int p : fingerprinter.select(l)) {
            if (index.contains(fingerprinter.gram(l, p))) {
                // every run of RUN letters that holds the gram [p, p+K)
                int from = Math.max(0, p + Fingerprinter.K - Fingerprinter.RUN);
                int to = Math.min(p, lastRun);
                candidates.set(from, to + 1);
            }
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        Map<Integer, long[]> confirmed = new TreeMap<>();
        BitSet asked = new BitSet(lastRun + 1);
        BitSet next = candidates;
        while (!next.isEmpty()) {
            asked.or(next);
            int[] positions = next.stream().toArray();
            long[] fps = new long[positions.length];
            for (int i = 0; i < positions.length; i++) {
                fps[i] = fingerprinter.run(l, positions[i]);
            }
            Map<Long, long[]> found = runs.documentsWith(fps);
            BitSet grow = new BitSet(lastRun + 1);
            for (int i = 0; i < positions.length; i++) {
                long[] docs = found.get(fps[i]);
                if (docs != null && docs.length > 0) {
                    confirmed.put(positions[i], docs);
                    if (positions[i] > 0) {
                        grow.set(positions[i] - 1);
                    }
                    if (positions[i] < lastRun) {
                        grow.set(positions[i] + 1);
                    }
                }
            }
            grow.andNot(asked);
            next = grow;
        }
        return passages(l, index, confirmed);
    }

    private static List<Passage> passages(Letters l, ExcerptIndex index, Map<Integer, long[]> confirmed) {
        // per document: merge [q, q+RUN) intervals in order of q
        Map<Long, int[]> open = new HashMap<>();
        List<Passage> out = new ArrayList<>();
        for (Map.Entry<Integer, long[]> e : confirmed.entrySet()) {
            int q = e.getKey();
            for (long doc : e.getValue()) {
                int[] span = open.get(doc);
                if (span != null && q <= span[1]) {
                    span[1] = Math.max(span[1], q + Fingerprinter.RUN);
                    continue;
                }
                if (span != null) {
                    add(out, l, index, doc, span);
                }
                open.put(doc, new int[]{q, q + Fingerprinter.RUN});
            }
        }
        open.forEach((doc, span) -> add(out, l, index, doc, span));
        out.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Long.compare(a.documentId(), b.documentId()));
        return out;
    }

    private static void add(List<Passage> out, Letters l, ExcerptIndex index, long doc, int[] span) {
        ExcerptIndex.Document d = index.document(doc);
        if (d == null) {
            return; // deleted since the index was built
        }
        out.add(new Passage(doc, d.title(), l.originalStart(span[0]), l.originalEnd(span[1]), span[1] - span[0]));
    }
}
