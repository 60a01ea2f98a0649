package cn.disclosure.review.review;

import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/drafts/{id}/decisions}.
 *
 * @param decision      APPROVE, RETURN or REJECT
 * @param opinion       审查意见; required for RETURN and REJECT
 * @param contentHash   the content hash of the revision the reviewer looked at; another one is 409
 * @param justification required to APPROVE a revision whose inspection verdict is WARN (recorded)
 * @param step          optional: the step the reviewer means to decide (from the queue); if it has
 *                      been decided meanwhile the answer is 409 {@code step-already-decided}
 */
public record DecisionInput(@Size(max = 20, message = "不能超过 {max} 个字符") String decision,
                            @Size(max = 10000, message = "不能超过 {max} 个字符") String opinion,
                            @Size(max = 64, message = "不能超过 {max} 个字符") String contentHash,
                            @Size(max = 10000, message = "不能超过 {max} 个字符") String justification,
                            Integer step) {
}
