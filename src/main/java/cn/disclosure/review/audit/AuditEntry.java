package cn.disclosure.review.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * One link of the append-only audit chain. {@code hash} = SHA-256 over the previous row's hash
 * and this row's fields; the application never updates or deletes a row (a trigger refuses it).
 */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {
    /** Position in the chain, 1-based, gap-free. */
    @Id
    public long seq;
    @Column(nullable = false)
    public OffsetDateTime at;
    public String actor;
    @Column(nullable = false)
    public String action;
    @Column(name = "subject_type")
    public String subjectType;
    @Column(name = "subject_id")
    public String subjectId;
    /** JSON object; never draft content or matched text. */
    @Column(nullable = false)
    public String details;
    @Column(name = "prev_hash", nullable = false)
    public String prevHash;
    @Column(nullable = false)
    public String hash;
}
