package cn.disclosure.review.workflow;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

/**
 * One reviewer's decision on one step of one revision: who, what, the opinion, the justification
 * for accepting WARN findings, and the content hash the reviewer saw. Inserted, never updated
 * (the database refuses); unique per (revision, step) and per (revision, person).
 */
@Entity
@Table(name = "review_decision")
public class Decision extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "draft_id", nullable = false, updatable = false)
    public long draftId;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "revision_id", updatable = false)
    public Revision revision;
    @Column(nullable = false, updatable = false)
    public int step;
    @Column(nullable = false, updatable = false)
    public String role;
    @Column(nullable = false, updatable = false)
    public String actor;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public DecisionType decision;
    @Column(updatable = false)
    public String opinion;
    @Column(updatable = false)
    public String justification;
    @Column(name = "content_hash", nullable = false, updatable = false)
    public String contentHash;
    @Column(name = "decided_at", nullable = false, updatable = false)
    public OffsetDateTime decidedAt;

    public static List<Decision> forRevision(long revisionId) {
        return list("revision.id = ?1 order by step", revisionId);
    }

    public static List<Decision> forRevisions(Collection<Long> revisionIds) {
        if (revisionIds.isEmpty()) {
            return List.of();
        }
        return list("revision.id in ?1 order by revision.id, step", revisionIds);
    }
}
