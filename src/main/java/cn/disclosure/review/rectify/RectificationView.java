package cn.disclosure.review.rectify;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** A 整改 item as the API and the UI show it (the publication's title is public; no matched text). */
public record RectificationView(long id, String sourceType, Long sourceId, long publicationId, long draftId, String title,
                                String channel, String url, String department, String summary, LocalDate deadline,
                                String status, String closing, String justification, String openedBy,
                                OffsetDateTime openedAt, String closedBy, OffsetDateTime closedAt) {
}
