package cn.disclosure.review.rescan;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A publication a rescan confirmed, with its findings as JSON (rule, severity, place, message; no matched text). */
@Entity
@Table(name = "rescan_hit")
public class RescanHit extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "rescan_hit_id")
    // 50 ids per trip to the sequence, so that a rescan's inserts go in JDBC batches (V19)
    @jakarta.persistence.SequenceGenerator(name = "rescan_hit_id", sequenceName = "rescan_hit_id_seq", allocationSize = 50)
    public Long id;
    @Column(name = "rescan_id", nullable = false, updatable = false)
    public long rescanId;
    @Column(name = "publication_id", nullable = false, updatable = false)
    public long publicationId;
    @Column(name = "rectification_id")
    public Long rectificationId;
    @Column(nullable = false, updatable = false)
    public String findings;
    @Column(name = "found_at", nullable = false, updatable = false)
    public OffsetDateTime foundAt;

    /** The publications among {@code publicationIds} this rescan has already recorded as hits. */
    static java.util.Set<Long> publicationsHit(long rescanId, java.util.Collection<Long> publicationIds) {
        if (publicationIds.isEmpty()) {
            return java.util.Set.of();
        }
        return java.util.Set.copyOf(RescanHit.<RescanHit>list("rescanId = ?1 and publicationId in ?2", rescanId, publicationIds)
                .stream().map(h -> h.publicationId).toList());
    }
}
