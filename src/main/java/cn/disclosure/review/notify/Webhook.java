package cn.disclosure.review.notify;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.List;

/** A callback URL a CMS registered for one channel; decisions and publications of that channel are POSTed to it. */
@Entity
@Table(name = "webhook")
public class Webhook extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(nullable = false)
    public String channel;
    @Column(nullable = false)
    public String url;
    /** Plain HMAC key of a row registered before migration V8; sealed and cleared at start. */
    @Column(name = "secret")
    public String legacySecret;
    /** The HMAC-SHA256 key, AES-GCM sealed ({@link SecretBox}); shown once at registration, never again. */
    @Column(name = "secret_sealed")
    public String secretSealed;
    @Column(name = "created_by", nullable = false)
    public String createdBy;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "deleted_at")
    public OffsetDateTime deletedAt;
    @Column(name = "deleted_by")
    public String deletedBy;

    public boolean active() {
        return deletedAt == null;
    }

    public static List<Webhook> activeForChannel(String channel) {
        return list("channel = ?1 and deletedAt is null order by id", channel);
    }

    public static List<Webhook> allActive() {
        return list("deletedAt is null order by id");
    }

    public static List<Webhook> activeCreatedBy(String username) {
        return list("createdBy = ?1 and deletedAt is null order by id", username);
    }

    public static boolean activeExists(String channel, String url) {
        return count("channel = ?1 and url = ?2 and deletedAt is null", channel, url) > 0;
    }
}
