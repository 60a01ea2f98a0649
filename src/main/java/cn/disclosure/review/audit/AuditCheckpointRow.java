package cn.disclosure.review.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** A signed checkpoint as stored in the database (insert-only table {@code audit_checkpoint}, V6). */
@Entity
@Table(name = "audit_checkpoint")
public class AuditCheckpointRow extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(nullable = false)
    public long seq;
    @Column(name = "entry_hash", nullable = false)
    public String entryHash;
    @Column(name = "entry_at", nullable = false)
    public OffsetDateTime entryAt;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "key_id", nullable = false)
    public String keyId;
    @Column(nullable = false)
    public String signature;

    static AuditCheckpointRow of(Checkpoint c) {
        AuditCheckpointRow r = new AuditCheckpointRow();
        r.seq = c.seq();
        r.entryHash = c.hash();
        r.entryAt = c.entryInstant().atOffset(ZoneOffset.UTC);
        r.createdAt = c.createdInstant().atOffset(ZoneOffset.UTC);
        r.keyId = c.keyId();
        r.signature = c.signature();
        return r;
    }

    /** The checkpoint this row holds; IllegalArgumentException when a field is malformed. */
    Checkpoint checkpoint() {
        return new Checkpoint(Checkpoint.FORMAT, seq, entryHash == null ? null : entryHash.strip(),
                entryAt == null ? null : Checkpoint.time(entryAt.toInstant()),
                createdAt == null ? null : Checkpoint.time(createdAt.toInstant()), keyId, signature);
    }
}
