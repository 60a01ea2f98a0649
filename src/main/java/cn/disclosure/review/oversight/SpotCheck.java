package cn.disclosure.review.oversight;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * One spot check (不定期抽查) or department check: its scope, the fixed draw (frame, seed, algorithm,
 * size — the database refuses any change to them) and its status. Closed checks are read-only.
 */
@Entity
@Table(name = "spot_check")
public class SpotCheck extends PanacheEntityBase {
    public enum Kind { OFFICE, DEPARTMENT }

    public enum Status { OPEN, CLOSED }

    /** From the table's sequence before the draw's audit line is written (the line names the id). */
    @Id
    public Long id;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Kind kind;
    @Column(updatable = false)
    public String department;
    @Column(name = "period_from", nullable = false, updatable = false)
    public LocalDate periodFrom;
    @Column(name = "period_to", nullable = false, updatable = false)
    public LocalDate periodTo;
    @Column(name = "frame_until", nullable = false, updatable = false)
    public OffsetDateTime frameUntil;
    @Column(nullable = false, updatable = false)
    public String strata;
    @Column(nullable = false, updatable = false)
    public double confidence;
    @Column(name = "max_problem_rate", nullable = false, updatable = false)
    public double maxProblemRate;
    @Column(name = "requested_size", updatable = false)
    public Integer requestedSize;
    @Column(name = "sample_size", nullable = false, updatable = false)
    public int sampleSize;
    @Column(name = "frame_size", nullable = false, updatable = false)
    public int frameSize;
    @Column(name = "frame_hash", nullable = false, updatable = false)
    public String frameHash;
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "frame_ids", nullable = false, updatable = false)
    public String frameIds;
    @Column(nullable = false, updatable = false)
    public String seed;
    @Column(nullable = false, updatable = false)
    public String algorithm;
    @Column(name = "audit_seq", nullable = false, updatable = false)
    public long auditSeq;
    @Column(nullable = false)
    public String title;
    @Column(nullable = false)
    public String basis;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;
    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;
    @Column(name = "closed_by")
    public String closedBy;
    @Column(name = "closed_at")
    public OffsetDateTime closedAt;
    public String summary;

    public List<String> strataList() {
        return strata == null || strata.isBlank() ? List.of() : Arrays.stream(strata.split(",")).toList();
    }

    public List<Long> frameIdList() {
        return frameIds == null || frameIds.isBlank() ? List.of() : Arrays.stream(frameIds.split(",")).map(Long::valueOf).toList();
    }
}
