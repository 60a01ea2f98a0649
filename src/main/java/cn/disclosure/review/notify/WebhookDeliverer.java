package cn.disclosure.review.notify;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends due outbox rows. Each poll (1) claims a batch in a short transaction with
 * {@code FOR UPDATE SKIP LOCKED} and pushes the rows' due time out by a lease, so concurrent
 * instances skip them and a crash mid-flight only delays them; (2) POSTs them with no transaction
 * and no lock held; (3) records each outcome in its own short transaction: 2xx is DELIVERED,
 * anything else is retried with exponential back-off until the maximum attempts, then DEAD.
 */
@ApplicationScoped
public class WebhookDeliverer {
    private static final Logger LOG = Logger.getLogger(WebhookDeliverer.class);
    static final String USER_AGENT = "secrecy-review-webhook/1.0";
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    @Inject
    NotifyConfig config;
    @Inject
    EntityManager em;
    @Inject
    MeterRegistry meters;

    private HttpClient http;

    /** One claimed row, with what is needed to send it after the claiming transaction ended. */
    record Claimed(long id, long webhookId, String eventType, String payload, int attempts, String url, String secret) {
    }

    record Outcome(boolean delivered, Integer statusCode, String error, OffsetDateTime attemptedAt) {
    }

    @PostConstruct
    void init() {
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Scheduled(identity = "webhook-deliverer", every = "${review.notify.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        try {
            while (deliverDueBatch() == config.batchSize()) {
                // a full batch: more may be due, go on at once
            }
        } catch (RuntimeException e) {
            LOG.warnf("Webhook delivery poll failed: %s", e.toString());
        }
    }

    /** Claims, sends and records one batch of due rows; returns how many were attempted. */
    int deliverDueBatch() {
        List<Claimed> batch = QuarkusTransaction.requiringNew().call(this::claim);
        if (batch.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Outcome>> inFlight = new ArrayList<>(batch.size());
        for (Claimed c : batch) {
            inFlight.add(send(c));
        }
        for (int i = 0; i < batch.size(); i++) {
            Claimed c = batch.get(i);
            Outcome o = inFlight.get(i).join();
            QuarkusTransaction.requiringNew().run(() -> record(c, o));
        }
        return batch.size();
    }

    @SuppressWarnings("unchecked")
    List<Claimed> claim() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Object[]> rows = em.createNativeQuery("""
                        select d.id, d.webhook_id, d.event_type, d.payload, d.attempts, w.url, w.secret
                          from webhook_delivery d join webhook w on w.id = d.webhook_id
                         where d.status = 'PENDING' and d.next_attempt_at <= :now
                         order by d.next_attempt_at, d.id
                         limit :limit
                           for update of d skip locked""")
                .setParameter("now", now)
                .setParameter("limit", config.batchSize())
                .getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Claimed> claimed = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            claimed.add(new Claimed(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2],
                    (String) r[3], ((Number) r[4]).intValue(), (String) r[5], (String) r[6]));
        }
        em.createNativeQuery("update webhook_delivery set next_attempt_at = :until where id in (:ids)")
                .setParameter("until", now.plus(lease()))
                .setParameter("ids", claimed.stream().map(Claimed::id).toList())
                .executeUpdate();
        return claimed;
    }

    CompletableFuture<Outcome> send(Claimed c) {
        OffsetDateTime attemptedAt = OffsetDateTime.now(ZoneOffset.UTC);
        HttpRequest request;
        try {
            long timestamp = Instant.now().getEpochSecond();
            request = HttpRequest.newBuilder(URI.create(c.url()))
                    .timeout(config.readTimeout())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", USER_AGENT)
                    .header("X-Review-Event", c.eventType())
                    .header("X-Review-Delivery", Long.toString(c.id()))
                    .header("X-Review-Timestamp", Long.toString(timestamp))
                    .header("X-Review-Signature", WebhookSignature.sign(c.secret(), timestamp, c.payload()))
                    .POST(HttpRequest.BodyPublishers.ofString(c.payload(), StandardCharsets.UTF_8))
                    .build();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Outcome(false, null, describe(e), attemptedAt));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    if (error != null) {
                        return new Outcome(false, null, describe(error), attemptedAt);
                    }
                    int code = response.statusCode();
                    boolean ok = code >= 200 && code < 300;
                    return new Outcome(ok, code, ok ? null : "HTTP " + code, attemptedAt);
                });
    }

    void record(Claimed c, Outcome o) {
        WebhookDelivery d = WebhookDelivery.findById(c.id());
        if (d == null) {
            return;
        }
        d.attempts += 1;
        d.lastAttemptAt = o.attemptedAt();
        d.lastStatusCode = o.statusCode();
        d.lastError = o.error();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (o.delivered()) {
            d.status = DeliveryStatus.DELIVERED;
            d.deliveredAt = now;
            d.nextAttemptAt = null;
            meters.counter("review.webhook.attempts", "outcome", "delivered").increment();
            LOG.debugf("Webhook delivery %d (webhook %d) delivered after %d attempt(s)", d.id, Long.valueOf(c.webhookId()), Integer.valueOf(d.attempts));
            return;
        }
        if (d.status != DeliveryStatus.PENDING) {
            // cancelled (webhook deleted) while in flight: keep the outcome, schedule nothing
            return;
        }
        if (d.attempts >= config.maxAttempts()) {
            d.status = DeliveryStatus.DEAD;
            d.nextAttemptAt = null;
            meters.counter("review.webhook.attempts", "outcome", "dead").increment();
            LOG.warnf("Webhook delivery %d (webhook %d) given up after %d attempts: %s", d.id, c.webhookId(), d.attempts, o.error());
            return;
        }
        Duration delay = backoff(d.attempts);
        d.nextAttemptAt = now.plus(delay);
        meters.counter("review.webhook.attempts", "outcome", "failed").increment();
        LOG.infof("Webhook delivery %d (webhook %d) attempt %d failed (%s); next in %d ms",
                d.id, c.webhookId(), d.attempts, o.error(), delay.toMillis());
    }

    /** Delay after the given number of failed attempts: base × factor^(attempts−1), capped at max. */
    Duration backoff(int failedAttempts) {
        NotifyConfig.Backoff b = config.backoff();
        double millis = b.base().toMillis() * Math.pow(Math.max(1.0, b.factor()), Math.max(0, failedAttempts - 1));
        long capped = (long) Math.min(millis, (double) b.max().toMillis());
        return Duration.ofMillis(Math.max(0, capped));
    }

    private Duration lease() {
        return config.connectTimeout().plus(config.readTimeout()).plus(LEASE_MARGIN);
    }

    private static String describe(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        String text = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
