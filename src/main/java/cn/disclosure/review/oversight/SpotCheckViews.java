package cn.disclosure.review.oversight;

import cn.disclosure.review.patrol.PatrolView;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** What the spot-check API answers. */
public final class SpotCheckViews {
    private SpotCheckViews() {
    }

    /** One sampled publication as the draw answers it. */
    public record Sampled(int position, long publicationId, String title, String department, String channel, String url,
                          String stratum) {
    }

    /** 201 of a draw: the check, its commitment (seed, frame hash, audit entry) and the sample. */
    public record Created(long id, String kind, String seed, int frameSize, String frameHash, String algorithm,
                          int sampleSize, long auditSeq, List<Sampled> sample) {
    }

    /** One line of the list. */
    public record Summary(long id, String kind, String kindLabel, String title, String department, LocalDate from,
                          LocalDate to, String status, int frameSize, int sampleSize, int recorded, int problems,
                          String createdBy, OffsetDateTime createdAt, OffsetDateTime closedAt) {
    }

    /**
     * One sampled item with what a checker needs and what was found; {@code latestPatrol} is the
     * latest 巡检 result of the publication (problem types, OK at a time, or never patrolled).
     */
    public record Item(int position, String stratum, PublicationFacts.Facts publication, String result, String problem,
                       String problemLabel, String note, LocalDate deadline, String recordedBy, OffsetDateTime recordedAt,
                       Rectification rectification, PatrolView.Latest latestPatrol) {
    }

    /** The 整改 item a problem opened (when the rectification capability is present). */
    public record Rectification(long id, String status, LocalDate deadline, OffsetDateTime closedAt) {
    }

    /** A check in full. */
    public record Detail(long id, String kind, String kindLabel, String title, String basis, String department,
                         LocalDate from, LocalDate to, OffsetDateTime frameUntil, List<String> strata, double confidence,
                         double maxProblemRate, Integer requestedSize, int frameSize, int sampleSize, String frameHash,
                         String seed, String algorithm, long auditSeq, String status, String createdBy,
                         OffsetDateTime createdAt, String closedBy, OffsetDateTime closedAt, String summary,
                         boolean mayRecord, List<Item> items) {
    }

    /**
     * {@code GET …/verify}: the frame rebuilt from the register and hashed again, the audit entry that
     * committed the seed, and the sample drawn again from the stored frame and seed.
     */
    public record Verification(boolean ok, String frameHash, String recomputedFrameHash, boolean frameHashMatches,
                               int frameSize, int frameSizeNow, boolean frameUnchanged, long auditSeq,
                               boolean seedCommitted, boolean sampleReproduced, List<String> differences) {
    }
}
