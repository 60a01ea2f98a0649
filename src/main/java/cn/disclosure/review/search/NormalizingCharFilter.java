package cn.disclosure.review.search;

import cn.disclosure.review.text.NormalizedText;
import cn.disclosure.review.text.Normalizer;
import org.apache.lucene.analysis.CharFilter;

import java.io.IOException;
import java.io.Reader;

/**
 * The service's normalisation chain (繁→简, full-width folded, invisible characters and noise between
 * Chinese characters removed, ASCII lower case) as a Lucene {@link CharFilter}: the tokenizer sees
 * what the inspection sees, and every offset is corrected back to the original text, so highlights
 * point at what the reader sees. Reads its whole input on first use (register texts are bounded by
 * the extraction limits).
 */
final class NormalizingCharFilter extends CharFilter {
    private final Normalizer normalizer;
    private NormalizedText text;
    private int pos;

    NormalizingCharFilter(Reader input, Normalizer normalizer) {
        super(input);
        this.normalizer = normalizer;
    }

    private void load() throws IOException {
        if (text != null) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        int n;
        while ((n = input.read(buf)) > 0) {
            sb.append(buf, 0, n);
        }
        text = normalizer.normalize(sb.toString());
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        load();
        if (pos >= text.length()) {
            return -1;
        }
        int n = Math.min(len, text.length() - pos);
        System.arraycopy(text.chars(), pos, cbuf, off, n);
        pos += n;
        return n;
    }

    @Override
    protected int correct(int currentOff) {
        if (text == null || currentOff <= 0) {
            return Math.max(currentOff, 0);
        }
        if (currentOff >= text.length()) {
            return text.originalEnd(text.length());
        }
        return text.originalIndex(currentOff);
    }
}
