package cn.disclosure.review.oversight;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** A department's answer to one 自查自评 checklist item of one year. */
@Entity
@Table(name = "self_inspection_answer")
public class SelfInspectionAnswer extends PanacheEntityBase {
    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "year")
        public int year;
        @Column(name = "department")
        public String department;
        @Column(name = "item")
        public String item;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.year == year && Objects.equals(k.department, department) && Objects.equals(k.item, item);
        }

        @Override
        public int hashCode() {
            return Objects.hash(year, department, item);
        }
    }

    @EmbeddedId
    public Key key;
    @Column(nullable = false)
    public String answer;
    public String evidence;
    @Column(name = "answered_by", nullable = false)
    public String answeredBy;
    @Column(name = "answered_at", nullable = false)
    public OffsetDateTime answeredAt;
}
