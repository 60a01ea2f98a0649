package cn.disclosure.review.notify;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * Webhook HMAC secrets are kept sealed ({@link SecretBox}, AES-256-GCM) in {@code webhook.secret_sealed};
 * the key comes from {@code review.webhook.key} (env {@code REVIEW_WEBHOOK_KEY}). Without a valid key
 * the service does not start. At start, rows still holding a plain-text secret (registered before
 * migration V8) are sealed and their plain column cleared.
 */
@ApplicationScoped
public class WebhookSecrets {
    private static final Logger LOG = Logger.getLogger(WebhookSecrets.class);

    @ConfigProperty(name = "review.webhook.key")
    Optional<String> configuredKey;
    @Inject
    EntityManager em;

    private SecretBox box;

    @PostConstruct
    void init() {
        try {
            box = SecretBox.fromConfigured(configuredKey.orElse(null));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage() + "；生产环境请设置环境变量 REVIEW_WEBHOOK_KEY（32 字节随机数的 base64），"
                    + "演示运行由启动程序生成并保存在数据目录 secrets/webhook-key 中");
        }
    }

    /** At start: refuse to run without a key (via {@link #init}), then seal what is still plain. */
    void onStart(@Observes @Priority(100) StartupEvent ev) {
        int sealed = sealPlainRows();
        if (sealed > 0) {
            LOG.infof("已加密 %d 个以明文保存的回调签名密钥（密钥编号 %s）", sealed, box.keyId());
        }
    }

    public String seal(String secret) {
        return box.seal(secret);
    }

    /** The secret of a webhook row: the sealed column opened, or (before the start-up migration ran) the plain one. */
    public String open(String sealed, String legacyPlain) {
        if (sealed != null) {
            return box.open(sealed);
        }
        if (legacyPlain != null) {
            return legacyPlain;
        }
        throw new SecretBox.SealException("webhook without secret");
    }

    /** Seals every row still holding a plain secret; safe to run on several instances at once. */
    public int sealPlainRows() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select id, secret from webhook where secret is not null for update skip locked")
                    .getResultList();
            for (Object[] r : rows) {
                em.createNativeQuery("update webhook set secret_sealed = :sealed, secret = null where id = :id")
                        .setParameter("sealed", box.seal((String) r[1]))
                        .setParameter("id", ((Number) r[0]).longValue())
                        .executeUpdate();
            }
            return rows.size();
        });
    }
}
