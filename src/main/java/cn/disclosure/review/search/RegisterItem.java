package cn.disclosure.review.search;

import cn.disclosure.review.extract.ExtractedPart;

import java.util.List;

/** What the register index holds of one publication: its register line and the text that went online. */
public record RegisterItem(long publicationId, long draftId, String title, String docNumber, String channel,
                           String department, String url, long publishedAtMillis, boolean withdrawn,
                           List<ExtractedPart> parts) {
}
