package cn.disclosure.review.search;

import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;

import java.util.ArrayList;
import java.util.List;

/**
 * Formats the highlighter's passages as short snippets: a window of at most {@link #MAX_SNIPPET}
 * characters around the first match of each passage, HTML-escaped, matches wrapped in
 * {@code <em>}, an ellipsis where text was cut. A snippet never carries more of a document than that.
 */
final class SnippetFormatter extends PassageFormatter {
    static final int MAX_SNIPPET = 120;
    private static final int BEFORE = 30;

    @Override
    public Object format(Passage[] passages, String content) {
        List<String> out = new ArrayList<>();
        for (Passage p : passages) {
            if (p.getNumMatches() == 0) {
                continue;
            }
            int firstStart = p.getMatchStarts()[0];
            int start = Math.max(p.getStartOffset(), firstStart - BEFORE);
            int end = Math.min(Math.min(p.getEndOffset(), content.length()), start + MAX_SNIPPET);
            StringBuilder sb = new StringBuilder();
            if (start > 0) {
                sb.append('…');
            }
            int cursor = start;
            for (int i = 0; i < p.getNumMatches(); i++) {
                int ms = Math.max(p.getMatchStarts()[i], cursor);
                int me = Math.min(p.getMatchEnds()[i], end);
                if (ms >= end) {
                    break;
                }
                if (me <= ms) {
                    continue;
                }
                escape(sb, content, cursor, ms);
                sb.append("<em>");
                escape(sb, content, ms, me);
                sb.append("</em>");
                cursor = me;
            }
            escape(sb, content, cursor, end);
            if (end < content.length()) {
                sb.append('…');
            }
            out.add(sb.toString().replace('\u2029', ' ').strip());
        }
        return out;
    }

    static void escape(StringBuilder sb, String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                case '\r', '\n', '\t' -> sb.append(' ');
                default -> sb.append(c);
            }
        }
    }
}
