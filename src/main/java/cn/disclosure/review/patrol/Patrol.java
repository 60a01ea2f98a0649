package cn.disclosure.review.patrol;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** One 巡检 run: who or what started it, the sitemaps read, status, progress and heartbeat. */
@Entity
@Table(name = "patrol")
public class Patrol extends PanacheEntityBase {
    public static final String RUNNING = "RUNNING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";
    public static final String MANUAL = "MANUAL";
    public static final String SCHEDULED = "SCHEDULED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(nullable = false)
    public String status;
    @Column(name = "trigger_type", nullable = false, updatable = false)
    public String triggerType;
    @Column(nullable = false, updatable = false)
    public String sitemaps;
    @Column(nullable = false)
    public int done;
    @Column(nullable = false)
    public int total;
    @Column(nullable = false)
    public int pages;
    @Column(nullable = false)
    public int skipped;
    @Column(name = "started_by", nullable = false, updatable = false)
    public String startedBy;
    @Column(name = "started_at", nullable = false, updatable = false)
    public OffsetDateTime startedAt;
    @Column(name = "heartbeat_at", nullable = false)
    public OffsetDateTime heartbeatAt;
    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
    public String failure;
}
