package cn.disclosure.review.notify;

import cn.disclosure.review.web.DatabaseOutage;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends due outbox rows. Each poll (1) claims a batch in a short transaction with
 * {@code FOR UPDATE SKIP LOCKED} and pushes the rows' due time out by a lease, so concurrent
 * instances skip them and a crash mid-flight only delays them; (2) POSTs them with no transaction
 * and no lock held; (3) records each outcome in its own short transaction: 2xx is DELIVERED,
 * anything else is retried with exponential back-off until the maximum attempts, then DEAD.
 * <p>
 * Before every attempt the callback URL is checked again by the {@link WebhookAddressGuard}
 * (its host resolved afresh), and the request is sent to an address that check accepted: the
 * connection is pinned to it, while the Host header, TLS SNI and certificate check use the URL's
 * host name. Redirects are never followed; no proxy is used. What is recorded (and shown to the
 * webhook's owner) is a class of failure — 连接失败, 超时, HTTP 502 … — never an exception message or an address.
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
    @Inject
    WebhookAddressGuard guard;
    @Inject
    WebhookSecrets secrets;
    @Inject
    Vertx vertx;

    private HttpClient http;

    /** One claimed row, with what is needed to send it after the claiming transaction ended. */
    record Claimed(long id, long webhookId, String eventType, String payload, int attempts, String url,
                   String sealedSecret, String plainSecret) {
    }

    /** What the owner of a webhook reads about a failed attempt (no exception text, no address). */
    static final String ERR_CONNECT = "连接失败";
    static final String ERR_TIMEOUT = "超时";
    static final String ERR_TLS = "TLS 握手失败";
    static final String ERR_CLOSED = "连接中断";
    static final String ERR_REFUSED_ADDRESS = "地址不允许";
    static final String ERR_DNS = "域名解析失败";
    static final String ERR_SECRET = "签名密钥无法解密";
    static final String ERR_OTHER = "发送失败";

    record Outcome(boolean delivered, Integer statusCode, String error, OffsetDateTime attemptedAt) {
    }

    @PostConstruct
    void init() {
        http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()))
                .setKeepAlive(false)
                .setVerifyHost(true)
                .setTrustAll(false)
                .setTryUseCompression(false)
                .setMaxPoolSize(Math.max(1, config.batchSize())));
    }

    @PreDestroy
    void close() {
        if (http != null) {
            http.close();
        }
    }

    @Scheduled(identity = "webhook-deliverer", every = "${review.notify.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        try {
            while (deliverDueBatch() == config.batchSize()) {
                // a full batch: more may be due, go on at once
            }
        } catch (RuntimeException e) {
            if (DatabaseOutage.isOutage(e)) {
                DatabaseOutage.report(e);
            } else {
                LOG.warnf("Webhook 投递轮询失败（%s），下一轮重试", e.getClass().getName());
            }
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
                        select d.id, d.webhook_id, d.event_type, d.payload, d.attempts, w.url, w.secret_sealed, w.secret
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
                    (String) r[3], ((Number) r[4]).intValue(), (String) r[5], (String) r[6], (String) r[7]));
        }
        em.createNativeQuery("update webhook_delivery set next_attempt_at = :until where id in (:ids)")
                .setParameter("until", now.plus(lease()))
                .setParameter("ids", claimed.stream().map(Claimed::id).toList())
                .executeUpdate();
        return claimed;
    }

    CompletableFuture<Outcome> send(Claimed c) {
        OffsetDateTime attemptedAt = OffsetDateTime.now(ZoneOffset.UTC);
        CallbackAddressPolicy.Target target;
        try {
            target = guard.check(c.url());
        } catch (CallbackAddressPolicy.Refused refused) {
            LOG.warnf("Webhook %d: callback address refused before delivery %d (%s)", c.webhookId(), c.id(), refused.kind);
            return CompletableFuture.completedFuture(new Outcome(false, null,
                    refused.code.equals("webhook-host-unresolvable") ? ERR_DNS : ERR_REFUSED_ADDRESS, attemptedAt));
        }
        String secret;
        try {
            secret = secrets.open(c.sealedSecret(), c.plainSecret());
        } catch (RuntimeException e) {
            LOG.errorf("Webhook %d: signing secret cannot be opened (%s); check REVIEW_WEBHOOK_KEY", c.webhookId(), e.getClass().getSimpleName());
            return CompletableFuture.completedFuture(new Outcome(false, null, ERR_SECRET, attemptedAt));
        }
        long timestamp = Instant.now().getEpochSecond();
        String host = target.pinned() instanceof Inet6Address && target.host().indexOf(':') >= 0
                ? "[" + target.host() + "]" : target.host();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(host)
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(target.requestUri())
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(target.pinned(), target.port())))
                .setFollowRedirects(false)
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setIdleTimeout(config.readTimeout().toMillis())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("User-Agent", USER_AGENT)
                .putHeader("X-Review-Event", c.eventType())
                .putHeader("X-Review-Delivery", Long.toString(c.id()))
                .putHeader("X-Review-Timestamp", Long.toString(timestamp))
                .putHeader("X-Review-Signature", WebhookSignature.sign(secret, timestamp, c.payload()));
        Buffer body = Buffer.buffer(c.payload().getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
        try {
            http.request(options)
                    .compose(request -> {
                        inFlight.set(request);
                        return request.send(body);
                    })
                    .onSuccess(response -> {
                        int code = response.statusCode();
                        // the receiver's body is not needed: close instead of reading it
                        response.request().reset();
                        boolean ok = code >= 200 && code < 300;
                        result.complete(new Outcome(ok, code, ok ? null : "HTTP " + code, attemptedAt));
                    })
                    .onFailure(error -> result.complete(new Outcome(false, null, describe(error), attemptedAt)));
        } catch (RuntimeException e) {
            result.complete(new Outcome(false, null, describe(e), attemptedAt));
        }
        // the whole exchange, connect included, gets connect-timeout + read-timeout at most
        long deadline = config.connectTimeout().plus(config.readTimeout()).toMillis();
        return result.completeOnTimeout(new Outcome(false, null, ERR_TIMEOUT, attemptedAt), deadline, java.util.concurrent.TimeUnit.MILLISECONDS)
                .whenComplete((o, e) -> {
                    HttpClientRequest r = inFlight.get();
                    if (r != null && o != null && ERR_TIMEOUT.equals(o.error())) {
                        r.reset();
                    }
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

    /** A class of failure for the delivery record: never the exception's message, which can carry addresses. */
    static String describe(Throwable t) {
        Throwable e = t;
        for (int depth = 0; e != null && depth < 10; depth++, e = e.getCause()) {
            if (e instanceof CompletionException) {
                continue;
            }
            if (e instanceof TimeoutException || e instanceof java.net.SocketTimeoutException
                    || e.getClass().getSimpleName().contains("Timeout")) {
                return ERR_TIMEOUT;
            }
            if (e instanceof SSLException) {
                return ERR_TLS;
            }
            if (e instanceof UnknownHostException) {
                return ERR_DNS;
            }
            if (e instanceof ConnectException || e instanceof NoRouteToHostException
                    || e.getClass().getName().startsWith("io.netty.channel.AbstractChannel$AnnotatedConnectException")) {
                return ERR_CONNECT;
            }
            if (e.getClass().getSimpleName().equals("HttpClosedException")
                    || e.getClass().getSimpleName().toLowerCase(Locale.ROOT).contains("closed")) {
                return ERR_CLOSED;
            }
        }
        return ERR_OTHER;
    }
}
