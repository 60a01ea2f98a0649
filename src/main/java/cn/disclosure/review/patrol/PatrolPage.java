package cn.disclosure.review.patrol;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A page one patrol looked at (or skipped) and its outcome. Insert-only. */
@Entity
@Table(name = "patrol_page")
public class PatrolPage extends PanacheEntityBase {
    public static final String OK = "OK";
    public static final String PROBLEM = "PROBLEM";
    public static final String GONE = "GONE";
    public static final String SKIPPED = "SKIPPED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "patrol_id", nullable = false, updatable = false)
    public long patrolId;
    @Column(nullable = false, updatable = false)
    public String url;
    @Column(name = "publication_id", updatable = false)
    public Long publicationId;
    @Column(nullable = false, updatable = false)
    public String outcome;
    @Column(name = "http_status", updatable = false)
    public Integer httpStatus;
    @Column(updatable = false)
    public String detail;
    @Column(name = "checked_at", nullable = false, updatable = false)
    public OffsetDateTime checkedAt;
}
