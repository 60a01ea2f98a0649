package cn.disclosure.review.workflow;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * The progress of a revision's automatic inspection: queued, running (held by a worker's lease),
 * done, or superseded by a newer revision before it started. The only mutable row of an inspection;
 * its result is the insert-only {@link RevisionInspection}.
 */
@Entity
@Table(name = "inspection_job")
public class InspectionJob extends PanacheEntityBase {
    public enum Status { PENDING, RUNNING, DONE, SUPERSEDED }

    @Id
    @Column(name = "revision_id")
    public Long revisionId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    /** False for revisions inspected before parts were stored: their parts are extracted afterwards. */
    @Column(name = "parts_stored", nullable = false)
    public boolean partsStored;
    /** What is being done, in words for the editor ("识别第 3/10 页"); never text of the draft. */
    public String stage;
    @Column(name = "done_units", nullable = false)
    public int doneUnits;
    @Column(name = "total_units", nullable = false)
    public int totalUnits;
    @Column(nullable = false)
    public int attempts;
    public String worker;
    @Column(name = "lease_until")
    public OffsetDateTime leaseUntil;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "started_at")
    public OffsetDateTime startedAt;
    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
}
