package cn.disclosure.review.patrol;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A problem a patrol found on a page, with findings, diff and the 整改 item it opened or joined. Insert-only. */
@Entity
@Table(name = "patrol_problem")
public class PatrolProblem extends PanacheEntityBase {
    /** What is wrong with what is online. */
    public enum Type {
        CHANGED_AFTER_APPROVAL("审查后被修改"),
        NEW_FINDING("发现新问题"),
        UNREGISTERED("未登记的页面"),
        WITHDRAWN_STILL_ONLINE("已撤稿仍在线"),
        UNREACHABLE("无法访问");

        public final String label;

        Type(String label) {
            this.label = label;
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "patrol_id", nullable = false, updatable = false)
    public long patrolId;
    @Column(nullable = false, updatable = false)
    public String type;
    @Column(nullable = false, updatable = false)
    public String url;
    @Column(name = "publication_id", updatable = false)
    public Long publicationId;
    @Column(updatable = false)
    public String detail;
    @Column(nullable = false, updatable = false)
    public String findings;
    @Column(nullable = false, updatable = false)
    public String diff;
    @Column(name = "rectification_id", updatable = false)
    public Long rectificationId;
    @Column(name = "found_at", nullable = false, updatable = false)
    public OffsetDateTime foundAt;
}
