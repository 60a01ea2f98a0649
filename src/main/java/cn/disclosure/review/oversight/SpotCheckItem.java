package cn.disclosure.review.oversight;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/** One sampled publication of a spot check and what the checker found (OK or PROBLEM with its kind). */
@Entity
@Table(name = "spot_check_item")
public class SpotCheckItem extends PanacheEntityBase {
    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "spot_check_id")
        public long spotCheckId;
        @Column(name = "publication_id")
        public long publicationId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.spotCheckId == spotCheckId && k.publicationId == publicationId;
        }

        @Override
        public int hashCode() {
            return Objects.hash(spotCheckId, publicationId);
        }
    }

    @EmbeddedId
    public Key key;
    @Column(nullable = false, updatable = false)
    public int position;
    @Column(nullable = false, updatable = false)
    public String stratum;
    public String result;
    public String problem;
    public String note;
    public LocalDate deadline;
    @Column(name = "recorded_by")
    public String recordedBy;
    @Column(name = "recorded_at")
    public OffsetDateTime recordedAt;

    public static List<SpotCheckItem> of(long spotCheckId) {
        return list("key.spotCheckId = ?1 order by position", spotCheckId);
    }
}
