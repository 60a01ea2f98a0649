package cn.disclosure.review.excerpt;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One immutable snapshot of the candidate index: the winnowed gram fingerprints of every protected
 * document (minus the boilerplate ones found in published items), sorted, each with the document it
 * belongs to (16 bytes per fingerprint), plus an open-addressing hash set of the fingerprints for
 * the lookups of a check (8–16 bytes per fingerprint more): one probe, usually one cache miss, where a
 * binary search over a multi-megabyte array costs a dozen. Replaced whole on a change.
 */
public final class ExcerptIndex {
    /** A protected document as the index names it in findings. */
    public record Document(long id, String title) {
    }

    private final long version;
    private final long[] fps;
    private final long[] docs;
    private final Map<Long, Document> documents;
    /** Open addressing, linear probing; 0 marks an empty slot (fingerprint 0 is {@link #hasZero}). */
    private final long[] table;
    private final int mask;
    private final boolean hasZero;

    private ExcerptIndex(long version, long[] fps, long[] docs, Map<Long, Document> documents) {
        this.version = version;
        this.fps = fps;
        this.docs = docs;
        this.documents = documents;
        // at most 2/3 full: ~2 probes per miss on average with linear probing
        int capacity = Integer.highestOneBit(Math.max(4, fps.length * 3 / 2)) << 1;
        this.table = new long[capacity];
        this.mask = capacity - 1;
        boolean zero = false;
        for (long fp : fps) {
            if (fp == 0) {
                zero = true;
                continue;
            }
            int i = slot(fp);
            while (table[i] != 0 && table[i] != fp) {
                i = (i + 1) & mask;
            }
            table[i] = fp;
        }
        this.hasZero = zero;
    }

    /** Fingerprints are HMAC output (uniform), but mix anyway so that no input pattern can cluster the table. */
    private int slot(long fp) {
        long h = fp * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & mask;
    }

    public static ExcerptIndex empty(long version) {
        return new ExcerptIndex(version, new long[0], new long[0], Map.of());
    }

    /**
     * The index of these documents and (fingerprint, document id) pairs, in any order.
     */
    public static ExcerptIndex of(long version, List<Document> documents, long[] fps, long[] docIds) {
        int n = fps.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Long.compare(fps[a], fps[b]);
            return c != 0 ? c : Long.compare(docIds[a], docIds[b]);
        });
        long[] f = new long[n];
        long[] d = new long[n];
        for (int i = 0; i < n; i++) {
            f[i] = fps[order[i]];
            d[i] = docIds[order[i]];
        }
        Map<Long, Document> byId = new HashMap<>();
        for (Document doc : documents) {
            byId.put(doc.id(), doc);
        }
        return new ExcerptIndex(version, f, d, Map.copyOf(byId));
    }

    /** Pre-sorted arrays (by fingerprint), as loaded with {@code order by fp}. */
    static ExcerptIndex sorted(long version, List<Document> documents, long[] fps, long[] docIds) {
        Map<Long, Document> byId = new HashMap<>();
        for (Document doc : documents) {
            byId.put(doc.id(), doc);
        }
        return new ExcerptIndex(version, fps, docIds, Map.copyOf(byId));
    }

    /** This index without the entries of these fingerprints (sorted ascending); same version. */
    ExcerptIndex without(long[] sortedDrop) {
        long[] f = new long[fps.length];
        long[] d = new long[fps.length];
        int k = 0;
        for (int i = 0; i < fps.length; i++) {
            if (Arrays.binarySearch(sortedDrop, fps[i]) < 0) {
                f[k] = fps[i];
                d[k++] = docs[i];
            }
        }
        return k == fps.length ? this : new ExcerptIndex(version, Arrays.copyOf(f, k), Arrays.copyOf(d, k), documents);
    }

    public long version() {
        return version;
    }

    public int size() {
        return fps.length;
    }

    public boolean isEmpty() {
        return fps.length == 0;
    }

    public Document document(long id) {
        return documents.get(id);
    }

    /** Whether any document has this gram fingerprint. */
    boolean contains(long fp) {
        if (fp == 0) {
            return hasZero;
        }
        int i = slot(fp);
        long v;
        while ((v = table[i]) != 0) {
            if (v == fp) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }
}
