package cn.disclosure.review.workflow;

import cn.disclosure.review.core.Channel;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * 稿件: the mutable head of a draft. Its content lives in immutable {@link Revision}s; the fields
 * here mirror the current revision for listing, plus the lifecycle state and the pending step.
 * State changes only through {@link cn.disclosure.review.workflow.Lifecycle}.
 */
@Entity
@Table(name = "draft")
public class Draft extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(nullable = false)
    public String title;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Channel channel;
    @Column(nullable = false)
    public String department;
    @Column(nullable = false)
    public String submitter;
    @Column(name = "doc_number")
    public String docNumber;
    @Column(name = "planned_url")
    public String plannedUrl;
    @Column(name = "planned_at")
    public OffsetDateTime plannedAt;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ReviewState state;
    @Column(name = "current_revision", nullable = false)
    public int currentRevision;
    /** 1-based index into the current revision's chain while IN_REVIEW; null otherwise. */
    @Column(name = "current_step")
    public Integer currentStep;
    @Column(name = "step_since", nullable = false)
    public OffsetDateTime stepSince;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    /**
     * Loads the draft and locks its row until the transaction ends: all changes of one draft are
     * serialised. The state is re-read under the lock even if the draft was loaded before.
     */
    public static Optional<Draft> lockById(long id) {
        Draft d = findById(id);
        if (d == null) {
            return Optional.empty();
        }
        getEntityManager().refresh(d, LockModeType.PESSIMISTIC_WRITE);
        return Optional.of(d);
    }

    public Revision current() {
        return Revision.of(id, currentRevision).orElseThrow();
    }
}
