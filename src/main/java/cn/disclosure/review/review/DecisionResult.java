package cn.disclosure.review.review;

import java.time.OffsetDateTime;

/** Answer of {@code POST /api/v1/drafts/{id}/decisions}: the recorded decision and where the draft now stands. */
public record DecisionResult(long decisionId, long draftId, int revision, int step, String role, String decision,
                             String state, OffsetDateTime decidedAt, Integer nextStep, String nextRole) {
}
