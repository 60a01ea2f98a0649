package cn.disclosure.review.inspect.text;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.collection.trie.DoubleArrayTrie;
import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.dictionary.CustomDictionary;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;

import java.util.List;

/**
 * Word boundaries of a normalised text, decided by HanLP segmentation of a small window around
 * the span asked about, never of the whole text: 目标底线 is 目标|底线, so 标底 inside it is not
 * a word of that text. Segmentation is computed lazily and only when it can matter: if no
 * dictionary word (HanLP core or custom dictionary) crosses either end of the span, no segmenter
 * could put a word across it (named-entity recognition is off), and the span is aligned without
 * segmenting. One instance per text, not thread-safe; the segmenter itself is shared.
 */
public final class WordBoundaries {
    private static final int MARGIN = 8;
    private static final int REUSE_MARGIN = 4;
    private static final int MAX_WORD = 8;

    private static final class Hanlp {
        static final Segment SEGMENT = HanLP.newSegment()
                .enableNameRecognize(false).enableTranslatedNameRecognize(false).enableJapaneseNameRecognize(false)
                .enablePlaceRecognize(false).enableOrganizationRecognize(false)
                .enableNumberQuantifierRecognize(false).enablePartOfSpeechTagging(false)
                .enableOffset(true);
        static final DoubleArrayTrie<?> CORE = CoreDictionary.trie;
        static final DoubleArrayTrie<?> CUSTOM = CustomDictionary.DEFAULT.dat;
    }

    private final char[] text;
    private final int length;
    private int windowStart = -1;
    private int windowEnd = -1;
    private boolean[] windowBoundaries;

    public WordBoundaries(char[] text, int length) {
        this.text = text;
        this.length = length;
    }

    /** Loads HanLP's dictionaries and segmenter (about a second); call once at start-up. */
    public static void warmUp() {
        Hanlp.SEGMENT.seg("目标底线");
    }

    /** Whether the span [start, end) begins and ends on word boundaries of the surrounding text. */
    public boolean aligned(int start, int end) {
        if (splitsAsciiToken(start) || splitsAsciiToken(end)) {
            return false;
        }
        if (!dictionaryWordCrosses(start) && !dictionaryWordCrosses(end)) {
            return true;
        }
        segmentAround(start, end);
        return windowBoundaries[start - windowStart] && windowBoundaries[end - windowStart];
    }

    private boolean splitsAsciiToken(int b) {
        if (b <= 0 || b >= length) {
            return false;
        }
        char l = text[b - 1];
        char r = text[b];
        return (Chars.isDigit(l) && Chars.isDigit(r)) || (Chars.isAsciiLetter(l) && Chars.isAsciiLetter(r));
    }

    private boolean dictionaryWordCrosses(int b) {
        if (b <= 0 || b >= length || !Chars.isHan(text[b - 1]) || !Chars.isHan(text[b])) {
            return false;
        }
        for (int a = Math.max(0, b - MAX_WORD + 1); a < b; a++) {
            if (longestWordEnd(Hanlp.CORE, a) > b || longestWordEnd(Hanlp.CUSTOM, a) > b) {
                return true;
            }
        }
        return false;
    }

    /** End of the longest dictionary word starting at {@code from}, or -1. */
    private int longestWordEnd(DoubleArrayTrie<?> trie, int from) {
        if (trie == null) {
            return -1;
        }
        int[] base = trie.getBase();
        int[] check = trie.getCheck();
        int b = base[0];
        int found = -1;
        for (int i = from; i < length && i < from + MAX_WORD; i++) {
            int p = b + text[i] + 1;
            if (p >= check.length || check[p] != b) {
                break;
            }
            b = base[p];
            if (b < check.length && check[b] == b && base[b] < 0) {
                found = i + 1;
            }
        }
        return found;
    }

    private void segmentAround(int start, int end) {
        int needFrom = Math.max(0, start - REUSE_MARGIN);
        int needTo = Math.min(length, end + REUSE_MARGIN);
        if (windowBoundaries != null && windowStart <= needFrom && windowEnd >= needTo) {
            return;
        }
        windowStart = Math.max(0, start - MARGIN);
        windowEnd = Math.min(length, end + MARGIN);
        char[] window = java.util.Arrays.copyOfRange(text, windowStart, windowEnd);
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
        windowBoundaries = bounds;
    }
}
