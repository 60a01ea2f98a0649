package cn.disclosure.review.rescan;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** One rescan run: what started it, its status and progress. */
@Entity
@Table(name = "rescan")
public class Rescan extends PanacheEntityBase {
    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "trigger_type", nullable = false, updatable = false)
    public String triggerType;
    @Column(name = "trigger_name", nullable = false, updatable = false)
    public String triggerName;
    @Column(name = "trigger_version", nullable = false, updatable = false)
    public int triggerVersion;
    @Column(nullable = false)
    public String status;
    @Column(nullable = false)
    public int phrases;
    @Column(nullable = false)
    public int done;
    @Column(nullable = false)
    public int total;
    @Column(name = "started_by", nullable = false, updatable = false)
    public String startedBy;
    @Column(name = "started_at", nullable = false, updatable = false)
    public OffsetDateTime startedAt;
    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
}
