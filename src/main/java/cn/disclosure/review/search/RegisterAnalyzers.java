package cn.disclosure.review.search;

import cn.disclosure.review.text.Normalizer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

import java.io.Reader;

/**
 * The analysis of the register index: the normalisation chain, then {@link StandardTokenizer}
 * (one token per Chinese character, words and numbers for other scripts), then
 * {@link CJKBigramFilter}. The index keeps unigrams and bigrams ({@code outputUnigrams=true});
 * queries are analysed into bigrams only (a lone character stays a unigram), so a phrase query is
 * an exact substring search of the normalised text — no word segmentation that could lose one.
 */
final class RegisterAnalyzers {
    static final int MAX_TOKEN_LENGTH = 255;
    /** Positions between two parts of a multi-valued field: no phrase runs from one part into the next. */
    static final int PART_GAP = 100;

    private RegisterAnalyzers() {
    }

    /** Analyzer for the documents: unigrams and bigrams. */
    static Analyzer index(Normalizer normalizer) {
        return new Chain(normalizer, true);
    }

    /** Analyzer for queries: bigrams, unigram only for a lone character. */
    static Analyzer query(Normalizer normalizer) {
        return new Chain(normalizer, false);
    }

    private static final class Chain extends Analyzer {
        private final Normalizer normalizer;
        private final boolean unigrams;

        Chain(Normalizer normalizer, boolean unigrams) {
            this.normalizer = normalizer;
            this.unigrams = unigrams;
        }

        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            return new NormalizingCharFilter(reader, normalizer);
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer source = new StandardTokenizer();
            source.setMaxTokenLength(MAX_TOKEN_LENGTH);
            Tokenizer t = source;
            TokenStream bigrams = new CJKBigramFilter(t, CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA
                    | CJKBigramFilter.KATAKANA | CJKBigramFilter.HANGUL, unigrams);
            return new TokenStreamComponents(t, bigrams);
        }

        @Override
        public int getPositionIncrementGap(String fieldName) {
            return PART_GAP;
        }
    }
}
