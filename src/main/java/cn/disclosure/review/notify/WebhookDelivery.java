package cn.disclosure.review.notify;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.List;

/** One outbox row: one event for one webhook, with its delivery state. */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "webhook_id", nullable = false)
    public long webhookId;
    @Column(name = "event_type", nullable = false)
    public String eventType;
    /** The exact JSON body that is sent. */
    @Column(nullable = false)
    public String payload;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DeliveryStatus status;
    @Column(nullable = false)
    public int attempts;
    @Column(name = "next_attempt_at")
    public OffsetDateTime nextAttemptAt;
    @Column(name = "last_attempt_at")
    public OffsetDateTime lastAttemptAt;
    @Column(name = "last_status_code")
    public Integer lastStatusCode;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "delivered_at")
    public OffsetDateTime deliveredAt;

    /** Newest first. */
    public static List<WebhookDelivery> ofWebhook(long webhookId, DeliveryStatus status, int limit) {
        if (status == null) {
            return find("webhookId = ?1 order by id desc", webhookId).page(0, limit).list();
        }
        return find("webhookId = ?1 and status = ?2 order by id desc", webhookId, status).page(0, limit).list();
    }

    public static long cancelPending(long webhookId) {
        return update("status = ?1, nextAttemptAt = null where webhookId = ?2 and status = ?3",
                DeliveryStatus.CANCELLED, webhookId, DeliveryStatus.PENDING);
    }
}
