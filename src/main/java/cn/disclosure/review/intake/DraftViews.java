package cn.disclosure.review.intake;

import cn.disclosure.review.workflow.RevisionAttachment;
import cn.disclosure.review.workflow.InspectionView;
import cn.disclosure.review.workflow.ChainStep;

import java.time.OffsetDateTime;
import java.util.List;

/** JSON shapes of the draft endpoints. */
public final class DraftViews {
    private DraftViews() {
    }

    /** 201 answer of POST/PUT /api/v1/drafts: {"id","revision","contentHash","state","inspection"} plus the chain. */
    public record Created(long id, int revision, String contentHash, String state, InspectionView inspection,
                          List<String> chain) {
    }

    public record Attachment(int position, String filename, String mediaType, long size, String sha256) {
        static Attachment of(RevisionAttachment a) {
            return new Attachment(a.position, a.filename, a.mediaType, a.size, a.sha256);
        }
    }

    public record RevisionSummary(int revision, String title, String contentHash, String verdict, String createdBy,
                                  OffsetDateTime createdAt, List<Attachment> attachments) {
    }

    /** One revision in full: content, inspection and its approval chain with decisions. */
    public record RevisionDetail(long draftId, int revision, String title, String channel, String docNumber,
                                 String plannedUrl, OffsetDateTime plannedAt, String body, String contentHash,
                                 String verdict, InspectionView inspection, List<Attachment> attachments,
                                 String createdBy, OffsetDateTime createdAt, boolean current, List<ChainStep> chain) {
    }

    public record PublicationSummary(long publicationId, int revision, String channel, String url,
                                     OffsetDateTime publishedAt, String publishedBy, boolean withdrawn) {
    }

    /** GET /api/v1/drafts/{id}: the draft, its current revision in full, all revisions and the chain so far. */
    public record Detail(long id, String title, String channel, String channelLabel, String department, String submitter,
                         String docNumber, String plannedUrl, OffsetDateTime plannedAt, String state, String stateLabel,
                         int revision, String contentHash, Integer currentStep, List<String> allowedActions,
                         OffsetDateTime createdAt, OffsetDateTime updatedAt, RevisionDetail current,
                         List<ChainStep> chain, List<RevisionSummary> revisions, List<PublicationSummary> publications) {
    }

    /** A line of GET /api/v1/drafts. */
    public record Summary(long id, String title, String channel, String department, String submitter, String docNumber,
                          String state, String stateLabel, int revision, String contentHash, String verdict,
                          Integer currentStep, String stepRole, OffsetDateTime updatedAt) {
    }
}
