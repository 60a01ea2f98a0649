package cn.disclosure.review.rectify;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * CDI event fired inside the transaction that opens a 整改 item (webhooks: {@code rescan.hit} for
 * items a rescan opened, {@code patrol.problem} for items a 巡检 opened, {@code rectification.opened}
 * for the others). Ids and places, no content.
 */
public record RectificationOpened(long rectificationId, Rectification.Source sourceType, Long sourceId,
                                  long publicationId, long draftId, String channel, String department, String url,
                                  LocalDate deadline, OffsetDateTime at) {
}
