package cn.disclosure.review.workflow;

import java.time.OffsetDateTime;

/**
 * One step of a revision's approval chain as shown to people: its role and, once decided, who
 * decided what, when, with which opinion/justification and on which content hash.
 *
 * @param status APPROVE / RETURN / REJECT when decided; PENDING (awaiting a decision now),
 *               WAITING (a later step) or NOT_REACHED (the chain ended, or the revision is no
 *               longer in review) when not
 */
public record ChainStep(int step, String role, String roleLabel, String status, String reviewer, String decision,
                        String opinion, String justification, String contentHash, OffsetDateTime decidedAt) {
}
