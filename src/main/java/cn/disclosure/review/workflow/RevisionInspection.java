package cn.disclosure.review.workflow;

import cn.disclosure.review.core.Verdict;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapsId;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * The stored result of a revision's automatic inspection: verdict, the approval chain that verdict
 * fixes, and the findings (JSON of {@link cn.disclosure.review.inspect.InspectionResult}). Written
 * once when the inspection completes; insert-only in the database.
 */
@Entity
@Table(name = "revision_inspection")
public class RevisionInspection extends PanacheEntityBase {
    @Id
    @Column(name = "revision_id")
    public Long revisionId;
    @MapsId
    @OneToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "revision_id")
    public Revision revision;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Verdict verdict;
    /** Comma-separated roles of the approval chain, in order. */
    @Column(nullable = false, updatable = false)
    public String chain;
    @Basic(fetch = FetchType.LAZY)
    @Column(nullable = false, updatable = false)
    public String result;
    @Column(name = "finished_at", nullable = false, updatable = false)
    public OffsetDateTime finishedAt;

    public List<String> chainRoles() {
        return Arrays.stream(chain.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
