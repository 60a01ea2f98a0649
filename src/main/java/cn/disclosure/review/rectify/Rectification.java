package cn.disclosure.review.rectify;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * 整改 item: a problem found in something already published, owned by the publication's department
 * and the 保密办. Open until the publication is withdrawn (撤稿) or the 保密办 records a justified
 * decision to keep it online. {@link #summary} names rules and counts, never the published text.
 */
@Entity
@Table(name = "rectification")
public class Rectification extends PanacheEntityBase {
    /** Where the problem was found. */
    public enum Source { RESCAN, PATROL, SPOT_CHECK }

    public enum Status { OPEN, CLOSED }

    /** How an item was closed. */
    public enum Closing { WITHDRAWN, KEPT }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "rectification_id")
    // 50 ids per trip to the sequence, so that a rescan's inserts go in JDBC batches (V19)
    @jakarta.persistence.SequenceGenerator(name = "rectification_id", sequenceName = "rectification_id_seq", allocationSize = 50)
    public Long id;
    @Enumerated(EnumType.STRING)
    @Column(name = "source_type", nullable = false, updatable = false)
    public Source sourceType;
    @Column(name = "source_id", updatable = false)
    public Long sourceId;
    @Column(name = "publication_id", nullable = false, updatable = false)
    public long publicationId;
    @Column(nullable = false, updatable = false)
    public String department;
    @Column(nullable = false, updatable = false)
    public String summary;
    public LocalDate deadline;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    @Column(name = "opened_by", nullable = false, updatable = false)
    public String openedBy;
    @Column(name = "opened_at", nullable = false, updatable = false)
    public OffsetDateTime openedAt;
    @Enumerated(EnumType.STRING)
    public Closing closing;
    public String justification;
    @Column(name = "closed_by")
    public String closedBy;
    @Column(name = "closed_at")
    public OffsetDateTime closedAt;

    public static List<Rectification> openForPublication(long publicationId) {
        return list("publicationId = ?1 and status = ?2 order by id", publicationId, Status.OPEN);
    }
}
