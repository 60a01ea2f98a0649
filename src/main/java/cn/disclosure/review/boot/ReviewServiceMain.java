package cn.disclosure.review.boot;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point. When no external database is configured (no {@code QUARKUS_DATASOURCE_JDBC_URL}),
 * an embedded PostgreSQL with a persistent data directory is started first, so the service runs
 * on a fresh machine with no set-up. Before anything starts, the session key is settled
 * ({@link SessionKey}): in the prod profile the service does not start without one. Outside the
 * prod profile, a missing webhook key and audit checkpoint signing key are generated once and kept
 * in the data directory.
 */
@QuarkusMain
public class ReviewServiceMain {

    public static void main(String... args) {
        try {
            SessionKey.prepare();
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
        webhookKeyForDemoRuns();
        excerptKeyForDemoRuns();
        EmbeddedDatabase.startIfNoDatabaseConfigured();
        AuditSigningKey.provideForLocalRun();
        Quarkus.run(args);
    }

    /**
     * Webhook secrets are sealed with REVIEW_WEBHOOK_KEY. Outside the prod profile a run without one
     * generates it once into the data directory ({@code secrets/webhook-key}); prod refuses to start
     * without it (notify/WebhookSecrets).
     */
    static void webhookKeyForDemoRuns() {
        if (!LocalSecrets.production() && LocalSecrets.setting("REVIEW_WEBHOOK_KEY", "review.webhook.key", "").isEmpty()) {
            System.setProperty("review.webhook.key", LocalSecrets.randomSecret("webhook-key", 32));
        }
    }

    /**
     * Protected documents' fingerprints are keyed with REVIEW_EXCERPT_KEY (excerpt/ProtectedDocuments).
     * Outside the prod profile a run without one generates it once into {@code secrets/excerpt-key};
     * prod refuses to start without it.
     */
    static void excerptKeyForDemoRuns() {
        if (!LocalSecrets.production() && LocalSecrets.setting("REVIEW_EXCERPT_KEY", "review.excerpt.key", "").isEmpty()) {
            System.setProperty("review.excerpt.key", LocalSecrets.randomSecret("excerpt-key", 32));
        }
    }
}
