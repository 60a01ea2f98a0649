package cn.disclosure.review.search;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One search hit. {@code highlights} are short snippets (at most {@value SnippetFormatter#MAX_SNIPPET}
 * characters of text each), HTML-escaped, with the matches in {@code <em>…</em>}.
 */
public record RegisterHit(long publicationId, long draftId, String title, String channel, String department, String url,
                          OffsetDateTime publishedAt, boolean withdrawn, List<String> highlights) {
}
