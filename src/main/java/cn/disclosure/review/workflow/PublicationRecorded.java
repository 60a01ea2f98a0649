package cn.disclosure.review.workflow;

import java.time.OffsetDateTime;

/** CDI event fired inside the publishing transaction when a publication is recorded or withdrawn. */
public record PublicationRecorded(long publicationId, long draftId, int revision, String title, String channel,
                                  String url, String contentHash, boolean withdrawn, String actor,
                                  OffsetDateTime at) {
}
