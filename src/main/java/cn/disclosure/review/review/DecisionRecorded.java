package cn.disclosure.review.review;

import java.time.OffsetDateTime;

/**
 * CDI event fired inside the deciding transaction when a reviewer decides a step (and when the
 * state of the draft changes as a result). Observers (webhooks) must not call out synchronously.
 */
public record DecisionRecorded(long draftId, int revision, String title, String channel, String department,
                               String step, String decision, String actor, String newState, String contentHash,
                               OffsetDateTime at) {
}
