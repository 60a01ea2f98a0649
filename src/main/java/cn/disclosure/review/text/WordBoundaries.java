package cn.disclosure.review.text;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.dictionary.CustomDictionary;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;

import java.util.List;

/**
 * Word boundaries of a normalised text, decided by HanLP segmentation of a small window around
 * the span asked about, never of the whole text: 目标底线 is 目标|底线, so 标底 inside it is not
 * a word of that text. Segmentation is computed lazily and only when it can matter: if no
 * dictionary word (HanLP core or custom dictionary) can cross either end of the span — the two
 * characters around it never stand next to each other inside one ({@link DictionaryBigrams}) —
 * no segmenter could put a word across it (named-entity recognition is off), and the span is
 * aligned without segmenting. A window's decision depends on nothing but its characters and is
 * remembered across texts ({@link #cacheWindows}). One instance per text; the segmenter and the
 * window cache are shared and thread-safe.
 */
public final class WordBoundaries {
    private static final int MARGIN = 8;

    private static final class Hanlp {
        static final Segment SEGMENT = HanLP.newSegment()
                .enableNameRecognize(false).enableTranslatedNameRecognize(false).enableJapaneseNameRecognize(false)
                .enablePlaceRecognize(false).enableOrganizationRecognize(false)
                .enableNumberQuantifierRecognize(false).enablePartOfSpeechTagging(false)
                .enableOffset(true);
        static final DictionaryBigrams BIGRAMS = DictionaryBigrams.of(CoreDictionary.trie, CustomDictionary.DEFAULT.dat);
    }

    private final char[] text;
    private final int length;

    public WordBoundaries(char[] text, int length) {
        this.text = text;
        this.length = length;
    }

    /** Loads HanLP's dictionaries, segmenter and the dictionary bigrams (about a second); call once at start-up. */
    public static void warmUp() {
        Hanlp.SEGMENT.seg("目标底线");
        Hanlp.BIGRAMS.size();
    }

    /**
     * How many window decisions to remember across texts (rounded up to a power of two; 0 turns
     * the cache off). A decision depends only on the characters of its window, and the same
     * phrases recur across the drafts of one office, so most windows have been decided before.
     */
    public static void cacheWindows(int entries) {
        WindowCache.INSTANCE = entries <= 0 ? null : new WindowCache(entries);
    }

    /** Whether the span [start, end) begins and ends on word boundaries of the surrounding text. */
    public boolean aligned(int start, int end) {
        if (splitsAsciiToken(start) || splitsAsciiToken(end)) {
            return false;
        }
        if (!dictionaryWordCrosses(start) && !dictionaryWordCrosses(end)) {
            return true;
        }
        int from = Math.max(0, start - MARGIN);
        int to = Math.min(length, end + MARGIN);
        WindowCache cache = WindowCache.INSTANCE;
        String key = null;
        if (cache != null) {
            key = WindowCache.key(text, from, to, start, end);
            Boolean known = cache.get(key);
            if (known != null) {
                return known;
            }
        }
        boolean[] bounds = segment(from, to);
        boolean aligned = bounds[start - from] && bounds[end - from];
        if (cache != null) {
            cache.put(key, aligned);
        }
        return aligned;
    }

    private boolean splitsAsciiToken(int b) {
        if (b <= 0 || b >= length) {
            return false;
        }
        char l = text[b - 1];
        char r = text[b];
        return (Chars.isDigit(l) && Chars.isDigit(r)) || (Chars.isAsciiLetter(l) && Chars.isAsciiLetter(r));
    }

    /**
     * Whether some HanLP core or custom dictionary word could cross boundary {@code b}: only if
     * the two characters around it occur next to each other inside a dictionary word.
     */
    private boolean dictionaryWordCrosses(int b) {
        return b > 0 && b < length && Chars.isHan(text[b - 1]) && Chars.isHan(text[b])
                && Hanlp.BIGRAMS.contains(text[b - 1], text[b]);
    }

    /** Word boundaries of the window [from, to): {@code bounds[i]} says whether a word starts or ends at from + i. */
    private boolean[] segment(int from, int to) {
        char[] window = java.util.Arrays.copyOfRange(text, from, to);
        List<Term> terms = Hanlp.SEGMENT.seg(window);
        boolean[] bounds = new boolean[window.length + 1];
        bounds[0] = true;
        bounds[window.length] = true;
        for (Term t : terms) {
            int s = t.offset;
            int e = s + t.word.length();
            if (s >= 0 && s <= window.length) {
                bounds[s] = true;
            }
            if (e >= 0 && e <= window.length) {
                bounds[e] = true;
            }
        }
        return bounds;
    }

    /**
     * Recent window decisions, shared by all texts and threads: a direct-mapped table of
     * immutable entries (a racing reader sees an old entry, none, or a complete new one; each is
     * a correct decision for its own key). The key is the window's characters plus the span's
     * position in it, so nothing but identical windows share an answer.
     */
    static final class WindowCache {
        static volatile WindowCache INSTANCE = new WindowCache(32_768);

        private record Entry(String key, boolean aligned) {
        }

        private final Entry[] slots;
        private final int mask;

        WindowCache(int entries) {
            int size = Integer.highestOneBit(Math.max(1, entries - 1)) << 1;
            slots = new Entry[size];
            mask = size - 1;
        }

        static String key(char[] text, int from, int to, int start, int end) {
            char[] k = new char[to - from + 2];
            System.arraycopy(text, from, k, 0, to - from);
            k[to - from] = (char) (start - from);
            k[to - from + 1] = (char) (end - from);
            return new String(k);
        }

        Boolean get(String key) {
            Entry e = slots[slot(key)];
            return e != null && e.key().equals(key) ? e.aligned() : null;
        }

        void put(String key, boolean aligned) {
            slots[slot(key)] = new Entry(key, aligned);
        }

        private int slot(String key) {
            int h = key.hashCode() * 0x9E3779B1;
            return (h ^ (h >>> 16)) & mask;
        }
    }
}
