package cn.disclosure.review.ui;

import java.util.List;

/**
 * Everything the review page and the editor's status page show about a draft's current revision:
 * its facts, the text of every extracted part with the findings marked, the diff against the
 * previous revision, the approval chain so far and earlier decisions, attachments, revisions and
 * publications. Built by {@link DraftPageLoader}; plain strings only (templates escape them).
 */
public record DraftPage(long id, String title, String channel, String channelLabel, String department, String submitter,
                        String docNumber, String state, String stateLabel, int revision, String contentHash,
                        String verdict, String verdictLabel, String revisedBy, String revisedAt, String body,
                        Highlighter.Result inspection, String pending, Integer previousRevision,
                        List<TextDiff.Segment> diff, List<ChainRow> chain, List<ChainRow> earlier,
                        List<AttachmentRow> attachments, List<RevisionRow> revisions,
                        List<PublicationRow> publications, List<String> allowedActions) {

    /** A step of an approval chain, decided or not. */
    public record ChainRow(int revision, int step, String roleLabel, String status, String statusLabel, String reviewer,
                           String decidedAt, String opinion, String justification) {
        public boolean isDecided() {
            return !reviewer.isEmpty();
        }
    }

    public record AttachmentRow(int position, String filename, String size, String href) {
    }

    public record RevisionRow(int revision, String verdict, String verdictLabel, String createdBy, String createdAt,
                              int attachments) {
    }

    public record PublicationRow(long id, String channelLabel, String url, String publishedAt, String publishedBy,
                                 boolean withdrawn) {
    }

    public boolean isBlock() {
        return "BLOCK".equals(verdict);
    }

    public boolean isWarn() {
        return "WARN".equals(verdict);
    }

    public boolean isInReview() {
        return "IN_REVIEW".equals(state);
    }

    public boolean isApproved() {
        return "APPROVED".equals(state);
    }

    public boolean isKeptBack() {
        return "DRAFT".equals(state);
    }

    public boolean isRevisable() {
        return allowedActions.contains("REVISE");
    }

    public int nextRevision() {
        return revision + 1;
    }

    public boolean hasDiff() {
        return previousRevision != null;
    }

    public boolean isDiffEmpty() {
        return TextDiff.unchanged(diff);
    }
}
