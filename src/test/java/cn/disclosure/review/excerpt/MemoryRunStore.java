package cn.disclosure.review.excerpt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Run fingerprints in memory (unit tests and the benchmark; the service asks the database). */
public final class MemoryRunStore implements RunStore {
    private final Map<Long, long[]> runs = new HashMap<>();
    private final List<ExcerptIndex.Document> documents = new ArrayList<>();
    private final List<long[]> grams = new ArrayList<>();
    private final Fingerprinter fingerprinter;
    public int questions;

    public MemoryRunStore(Fingerprinter fingerprinter) {
        this.fingerprinter = fingerprinter;
    }

    /** Registers a document's text as the service does: fingerprints only. */
    public void add(long id, String title, String text) {
        Fingerprinter.Prints p = fingerprinter.prints(Letters.of(cn.disclosure.review.text.Normalizer.standard().normalize(text)));
        documents.add(new ExcerptIndex.Document(id, title));
        for (long r : p.runs()) {
            long[] old = runs.get(r);
            long[] next = old == null ? new long[1] : java.util.Arrays.copyOf(old, old.length + 1);
            next[next.length - 1] = id;
            runs.put(r, next);
        }
        for (long g : p.grams()) {
            grams.add(new long[]{g, id});
        }
    }

    public ExcerptIndex index() {
        long[] f = new long[grams.size()];
        long[] d = new long[grams.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = grams.get(i)[0];
            d[i] = grams.get(i)[1];
        }
        return ExcerptIndex.of(1, documents, f, d);
    }

    @Override
    public Map<Long, long[]> documentsWith(long[] runFingerprints) {
        questions++;
        Map<Long, long[]> out = new HashMap<>();
        for (long r : runFingerprints) {
            long[] ids = runs.get(r);
            if (ids != null) {
                out.put(r, ids);
            }
        }
        return out;
    }
}
