package cn.disclosure.review.notify;

import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.identity.Roles;
import cn.disclosure.review.intake.Channel;
import cn.disclosure.review.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Registration of webhooks. A CMS account sees and manages the webhooks it registered; ADMIN
 * manages all. Secrets are generated when not given, shown once, and never listed.
 */
@ApplicationScoped
public class WebhookService {
    static final int MIN_SECRET_LENGTH = 16;
    static final int MAX_SECRET_LENGTH = 200;

    @Inject
    CurrentUser user;
    @Inject
    AuditLog audit;
    @Inject
    WebhookAddressGuard guard;
    @Inject
    WebhookSecrets secrets;

    /** url and secret have their own checks (invalid-webhook-url, weak-webhook-secret). */
    public record Registration(@Size(max = 30, message = "不能超过 {max} 个字符") String channel, String url, String secret) {
    }

    /** Answer to a registration: the only time the secret leaves the service. */
    public record Registered(long id, String channel, String url, String secret, String createdBy, OffsetDateTime createdAt) {
    }

    public record WebhookView(long id, String channel, String url, String createdBy, OffsetDateTime createdAt,
                              boolean active, long pending, long dead) {
    }

    public record DeliveryView(long id, String event, DeliveryStatus status, int attempts, OffsetDateTime createdAt,
                               OffsetDateTime lastAttemptAt, OffsetDateTime nextAttemptAt, Integer lastStatusCode,
                               String lastError, OffsetDateTime deliveredAt) {
        static DeliveryView of(WebhookDelivery d) {
            return new DeliveryView(d.id, d.eventType, d.status, d.attempts, d.createdAt, d.lastAttemptAt,
                    d.status == DeliveryStatus.PENDING ? d.nextAttemptAt : null, d.lastStatusCode, d.lastError, d.deliveredAt);
        }
    }

    @Transactional
    public Registered register(Registration r) {
        if (r == null) {
            throw ProblemException.badRequest("missing-body", "请求体不能为空");
        }
        Channel channel = channel(r.channel());
        String url = validUrl(r.url());
        String secret = r.secret() == null || r.secret().isEmpty() ? WebhookSignature.newSecret() : validSecret(r.secret());
        try {
            guard.check(url);
        } catch (CallbackAddressPolicy.Refused refused) {
            throw new ProblemException(refused.status, refused.code, refused.reason);
        }
        if (Webhook.activeExists(channel.name(), url)) {
            throw ProblemException.conflict("webhook-exists", "该渠道已登记相同的回调地址");
        }
        Webhook w = new Webhook();
        w.channel = channel.name();
        w.url = url;
        w.secretSealed = secrets.seal(secret);
        w.createdBy = user.username();
        w.createdAt = now();
        w.persist();
        audit.append("WEBHOOK_REGISTERED", w.createdBy, "webhook", w.id.toString(),
                Map.of("channel", w.channel, "url", w.url, "secretGenerated", r.secret() == null || r.secret().isEmpty()));
        return new Registered(w.id, w.channel, w.url, secret, w.createdBy, w.createdAt);
    }

    @Transactional
    public List<WebhookView> list() {
        List<Webhook> hooks = user.has(Roles.ADMIN) ? Webhook.allActive() : Webhook.activeCreatedBy(user.username());
        return hooks.stream().map(this::view).toList();
    }

    @Transactional
    public void delete(long id) {
        Webhook w = visible(id);
        if (!w.active()) {
            throw ProblemException.notFound("回调登记");
        }
        w.deletedAt = now();
        w.deletedBy = user.username();
        long cancelled = WebhookDelivery.cancelPending(w.id);
        audit.append("WEBHOOK_DELETED", w.deletedBy, "webhook", w.id.toString(),
                Map.of("channel", w.channel, "url", w.url, "cancelledDeliveries", cancelled));
    }

    @Transactional
    public List<DeliveryView> deliveries(long id, String status, int limit) {
        Webhook w = visible(id);
        DeliveryStatus s = null;
        if (status != null && !status.isBlank()) {
            try {
                s = DeliveryStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("unknown-delivery-status", "未知的投递状态：" + status);
            }
        }
        int capped = Math.max(1, Math.min(limit, 500));
        return WebhookDelivery.ofWebhook(w.id, s, capped).stream().map(DeliveryView::of).toList();
    }

    /** Sends a DEAD delivery again from scratch (after the CMS was fixed). */
    @Transactional
    public DeliveryView redeliver(long id, long deliveryId) {
        Webhook w = visible(id);
        WebhookDelivery d = WebhookDelivery.findById(deliveryId);
        if (d == null || d.webhookId != w.id) {
            throw ProblemException.notFound("投递记录");
        }
        if (!w.active()) {
            throw ProblemException.conflict("webhook-deleted", "该回调登记已删除，不能重新投递");
        }
        if (d.status != DeliveryStatus.DEAD) {
            throw ProblemException.conflict("delivery-not-dead", "只有投递失败（DEAD）的记录可以重新投递")
                    .with("status", d.status);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("webhookId", w.id);
        details.put("previousAttempts", d.attempts);
        d.status = DeliveryStatus.PENDING;
        d.attempts = 0;
        d.nextAttemptAt = now();
        audit.append("WEBHOOK_REDELIVERY", user.username(), "webhook_delivery", d.id.toString(), details);
        return DeliveryView.of(d);
    }

    /** The webhook if the caller may see it (its creator or ADMIN); 404 otherwise, to not reveal others'. */
    private Webhook visible(long id) {
        Webhook w = Webhook.findById(id);
        if (w == null || !(user.has(Roles.ADMIN) || w.createdBy.equals(user.username()))) {
            throw ProblemException.notFound("回调登记");
        }
        return w;
    }

    private WebhookView view(Webhook w) {
        long pending = WebhookDelivery.count("webhookId = ?1 and status = ?2", w.id, DeliveryStatus.PENDING);
        long dead = WebhookDelivery.count("webhookId = ?1 and status = ?2", w.id, DeliveryStatus.DEAD);
        return new WebhookView(w.id, w.channel, w.url, w.createdBy, w.createdAt, w.active(), pending, dead);
    }

    static Channel channel(String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("missing-channel", "必须指定发布渠道（channel）");
        }
        try {
            return Channel.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("unknown-channel", "未知的发布渠道：" + value);
        }
    }

    /** Absolute http(s) URL with a host, no credentials and no fragment (where it points is checked by the guard). */
    static String validUrl(String value) {
        try {
            CallbackAddressPolicy.syntax(value);
        } catch (CallbackAddressPolicy.Refused refused) {
            throw new ProblemException(refused.status, refused.code, refused.reason);
        }
        return value.trim();
    }

    static String validSecret(String secret) {
        if (secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH) {
            throw ProblemException.badRequest("weak-webhook-secret",
                    "签名密钥长度须在 " + MIN_SECRET_LENGTH + " 到 " + MAX_SECRET_LENGTH + " 个字符之间；不提供时由服务生成");
        }
        if (secret.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw ProblemException.badRequest("weak-webhook-secret", "签名密钥只能包含可打印的 ASCII 字符（不含空格）");
        }
        return secret;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
