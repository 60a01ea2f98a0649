package cn.disclosure.review.publish;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One line of the 信息发布登记: one publication, with who reviewed it (every step, with decision
 * time), when and where it went online, the content hash and the inspection verdict; and the
 * withdrawal, if any.
 */
public record RegisterRow(long publicationId, long draftId, int revision, String title, String docNumber, String channel,
                          String channelLabel, String url, String department, String submitter, List<Reviewer> reviewers,
                          OffsetDateTime publishedAt, String publishedBy, String via, String contentHash, String verdict,
                          OffsetDateTime withdrawnAt, String withdrawnBy, String withdrawalReason) {

    public record Reviewer(int step, String role, String roleLabel, String reviewer, String decision,
                           OffsetDateTime decidedAt, String opinion, String justification) {
    }
}
