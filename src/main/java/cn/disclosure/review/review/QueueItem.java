package cn.disclosure.review.review;

import cn.disclosure.review.workflow.InspectionView;

import java.time.OffsetDateTime;

/**
 * One revision awaiting the caller's step in {@code GET /api/v1/reviews/queue}.
 *
 * @param step         1-based index of the pending step in the revision's chain
 * @param stepRole     the step's role (DEPT_REVIEWER, SECRECY_OFFICE, LEADER)
 * @param waitingSince since when this step has been waiting (submission or the previous decision)
 * @param verdict      the automatic inspection's verdict, {@code PENDING} while it runs
 * @param inspection   status and progress of the automatic inspection (no findings)
 */
public record QueueItem(long draftId, int revision, String contentHash, int step, String stepRole, String stepLabel,
                        String title, String channel, String channelLabel, String department, String submitter,
                        String docNumber, String verdict, OffsetDateTime waitingSince, InspectionView inspection) {
}
