package cn.disclosure.review.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A web UI session held on the server (see {@link Sessions}); the browser holds the id, the table its SHA-256. */
@Entity
@Table(name = "login_session")
public class LoginSession extends PanacheEntityBase {
    @Id
    @Column(name = "id_hash")
    public String idHash;
    @Column(name = "account_id", nullable = false)
    public long accountId;
    @Column(nullable = false)
    public String username;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "last_seen_at", nullable = false)
    public OffsetDateTime lastSeenAt;
    @Column(name = "expires_at", nullable = false)
    public OffsetDateTime expiresAt;
    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;
    @Column(name = "revoked_reason")
    public String revokedReason;
    @Column(name = "source_address")
    public String sourceAddress;
}
