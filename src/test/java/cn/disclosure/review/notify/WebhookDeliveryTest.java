package cn.disclosure.review.notify;

import cn.disclosure.review.workflow.PublicationRecorded;
import cn.disclosure.review.review.DecisionRecorded;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The outbox end to end: events fired in a real transaction, rows in real PostgreSQL, delivered by
 * the scheduled deliverer over real HTTP to a receiver that checks the HMAC signature.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class WebhookDeliveryTest {
    /** Generous upper bound for waiting; the waits end as soon as the condition holds. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Event<DecisionRecorded> decisions;
    @Inject
    Event<PublicationRecorded> publications;

    private final List<CmsReceiver> receivers = new ArrayList<>();
    private final List<Long> webhooks = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (long id : webhooks) {
            as("admin").delete("/api/v1/webhooks/" + id);
        }
        receivers.forEach(CmsReceiver::close);
    }

    @Test
    void failsTwiceThenDeliveredWithAVerifiedSignature() throws Exception {
        CmsReceiver cms = receiver(0).answering(500, 500, 200);
        long webhook = register("WEBSITE", cms);
        long draftId = uniqueDraftId();
        String hash = "ab".repeat(32);

        QuarkusTransaction.requiringNew().run(() -> decisions.fire(decision(draftId, "WEBSITE", hash)));

        JsonPath delivery = awaitDelivery(webhook, draftId, d -> "DELIVERED".equals(d.getString("status")));
        assertThat(delivery.getInt("attempts")).isEqualTo(3);
        assertThat(delivery.getInt("lastStatusCode")).isEqualTo(200);
        assertThat(delivery.getString("event")).isEqualTo("decision.recorded");
        assertThat(delivery.getString("deliveredAt")).isNotNull();

        List<CmsReceiver.Request> got = forDraft(cms, draftId);
        assertThat(got).hasSize(3);
        assertThat(got).extracting(CmsReceiver.Request::answered).containsExactly(500, 500, 200);
        assertThat(got).allSatisfy(r -> {
            assertThat(r.signatureValid()).as("signature verified by the receiver").isTrue();
            assertThat(r.event()).isEqualTo("decision.recorded");
            assertThat(r.delivery()).isEqualTo(Long.toString(delivery.getLong("id")));
            assertThat(r.contentType()).startsWith("application/json");
            assertThat(Long.parseLong(r.timestamp())).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(300L));
        });
        CmsReceiver.Request accepted = got.get(2);
        JsonNode body = JSON.readTree(accepted.body());
        assertThat(body.get("event").asText()).isEqualTo("decision.recorded");
        assertThat(body.get("draftId").asLong()).isEqualTo(draftId);
        assertThat(body.get("revision").asInt()).isEqualTo(2);
        assertThat(body.get("channel").asText()).isEqualTo("WEBSITE");
        assertThat(body.get("decision").asText()).isEqualTo("APPROVE");
        assertThat(body.get("state").asText()).isEqualTo("APPROVED");
        assertThat(body.get("actor").asText()).isEqualTo("office");
        assertThat(body.get("contentHash").asText()).isEqualTo(hash);
        assertThat(body.has("at")).isTrue();
        // ids and states only: never the title (or body) of the draft
        assertThat(body.has("title")).isFalse();
        assertThat(accepted.body()).doesNotContain("关于某项工作的通知");

        // the signature covers the body: a receiver rejects a tampered one
        String tampered = accepted.body().replace("APPROVE", "REJECT");
        assertThat(CmsReceiver.expectedSignature(secretOf(cms), accepted.timestamp(), tampered.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isNotEqualTo(accepted.signature());
    }

    @Test
    void aDraftInspectedInTheBackgroundAnnouncesItsVerdict() throws Exception {
        CmsReceiver cms = receiver(0);
        long webhook = register("WEBSITE", cms);
        String title = "附件通知（" + java.util.UUID.randomUUID().toString().substring(0, 8) + "）";
        JsonPath created = as("editor").contentType("multipart/form-data; charset=UTF-8")
                .multiPart(new io.restassured.builder.MultiPartSpecBuilder(Map.of("title", title, "channel", "WEBSITE",
                        "body", "请查收附件。")).controlName("draft").mimeType("application/json").charset("UTF-8").build())
                .multiPart("file", "schedule.txt", "本文件密级为 秘密★5年，仅供内部传阅。".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "text/plain")
                .post("/api/v1/drafts").then().statusCode(201).extract().jsonPath();
        long draftId = created.getLong("id");
        assertThat(created.getString("inspection.status")).isEqualTo("PENDING");

        JsonPath delivery = awaitDelivery(webhook, draftId, d -> "DELIVERED".equals(d.getString("status")));
        assertThat(delivery.getString("event")).isEqualTo("inspection.completed");
        JsonNode body = JSON.readTree(forDraft(cms, draftId).get(0).body());
        assertThat(body.get("event").asText()).isEqualTo("inspection.completed");
        assertThat(body.get("revision").asInt()).isEqualTo(1);
        assertThat(body.get("verdict").asText()).as("the marking in the attachment").isEqualTo("BLOCK");
        assertThat(body.get("contentHash").asText()).isEqualTo(created.getString("contentHash"));
        // the verdict, never the text: neither the title nor what was found
        assertThat(forDraft(cms, draftId).get(0).body()).doesNotContain(title).doesNotContain("秘密");
    }

    @Test
    void aRolledBackTransactionProducesNoDelivery() throws Exception {
        CmsReceiver cms = receiver(0);
        long webhook = register("WEBSITE", cms);
        long rolledBack = uniqueDraftId();
        long committed = uniqueDraftId();

        // the decision fails after the event was fired: the whole transaction, outbox row included, rolls back
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            decisions.fire(decision(rolledBack, "WEBSITE", "cd".repeat(32)));
            // inside the transaction the observer has written the row …
            assertThat(WebhookDelivery.count("webhookId = ?1 and payload like ?2", webhook, "%\"draftId\":" + rolledBack + ",%"))
                    .isEqualTo(1);
            throw new IllegalStateException("decision refused after the event");
        })).isInstanceOf(IllegalStateException.class).hasMessage("decision refused after the event");
        // … and it went with the rollback
        QuarkusTransaction.requiringNew().run(() -> decisions.fire(decision(committed, "WEBSITE", "ef".repeat(32))));

        // once the later, committed event has arrived, the rolled-back one would have too
        awaitDelivery(webhook, committed, d -> "DELIVERED".equals(d.getString("status")));
        assertThat(outboxRowsFor(rolledBack)).isZero();
        assertThat(forDraft(cms, rolledBack)).isEmpty();
        assertThat(forDraft(cms, committed)).hasSize(1);
    }

    @Test
    void aChannelWithoutWebhookProducesNoDelivery() throws Exception {
        assertThat(activeWebhooks("WEIBO")).as("precondition: no WEIBO webhook registered").isZero();
        CmsReceiver cms = receiver(0);
        long webhook = register("WEBSITE", cms);
        long weibo = uniqueDraftId();
        long website = uniqueDraftId();

        QuarkusTransaction.requiringNew().run(() -> {
            decisions.fire(decision(weibo, "WEIBO", "01".repeat(32)));
            decisions.fire(decision(website, "WEBSITE", "02".repeat(32)));
        });

        awaitDelivery(webhook, website, d -> "DELIVERED".equals(d.getString("status")));
        assertThat(outboxRowsFor(weibo)).isZero();
        assertThat(forDraft(cms, weibo)).isEmpty();
    }

    @Test
    void nothingIsLostWhileTheCmsIsDown() throws Exception {
        int port = freePort();
        String url = "http://127.0.0.1:" + port + "/hook";
        String secret = "a-shared-secret-of-the-cms-0123456789";
        long webhook = as("cms").contentType("application/json")
                .body(Map.of("channel", "WECHAT", "url", url, "secret", secret))
                .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath().getLong("id");
        webhooks.add(webhook);
        long draftId = uniqueDraftId();
        long publicationId = uniqueDraftId();

        QuarkusTransaction.requiringNew().run(() -> publications.fire(new PublicationRecorded(publicationId, draftId, 1,
                "关于某项工作的通知", "WECHAT", "https://mp.example.cn/s/abc", "12".repeat(32), false, "cms",
                OffsetDateTime.now(ZoneOffset.UTC))));

        // nobody listens: every attempt fails, and after the maximum attempts the row is DEAD, not gone
        JsonPath dead = awaitDelivery(webhook, draftId, d -> "DEAD".equals(d.getString("status")));
        assertThat(dead.getInt("attempts")).isEqualTo(4);
        // a class of failure, not the exception's text (which names the address)
        assertThat(dead.getString("lastError")).isEqualTo("连接失败");
        assertThat(dead.getString("nextAttemptAt")).isNull();
        as("cms").get("/api/v1/webhooks/" + webhook + "/deliveries?status=DEAD").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(1));

        // the CMS comes back; the operator sends it again
        CmsReceiver cms = receiver(port);
        cms.secret(secret);
        as("cms").post("/api/v1/webhooks/" + webhook + "/deliveries/" + dead.getLong("id") + "/redelivery")
                .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("PENDING"));
        JsonPath delivered = awaitDelivery(webhook, draftId, d -> "DELIVERED".equals(d.getString("status")));
        assertThat(delivered.getInt("attempts")).isEqualTo(1);

        List<CmsReceiver.Request> got = forDraft(cms, draftId);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).signatureValid()).isTrue();
        assertThat(got.get(0).event()).isEqualTo("publication.recorded");
        JsonNode body = JSON.readTree(got.get(0).body());
        assertThat(body.get("publicationId").asLong()).isEqualTo(publicationId);
        assertThat(body.get("state").asText()).isEqualTo("PUBLISHED");
        assertThat(body.get("url").asText()).isEqualTo("https://mp.example.cn/s/abc");
        assertThat(body.has("title")).isFalse();
        // only a DEAD delivery can be sent again
        as("cms").post("/api/v1/webhooks/" + webhook + "/deliveries/" + dead.getLong("id") + "/redelivery")
                .then().statusCode(409).body("code", org.hamcrest.Matchers.equalTo("delivery-not-dead"));
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        CmsReceiver elsewhere = receiver(0);
        CmsReceiver cms = receiver(0).answering(302, 302, 302, 302).redirectingTo(elsewhere.url());
        long webhook = register("WEBSITE", cms);
        elsewhere.secret(secretOf(cms));
        long draftId = uniqueDraftId();

        QuarkusTransaction.requiringNew().run(() -> decisions.fire(decision(draftId, "WEBSITE", "34".repeat(32))));

        JsonPath dead = awaitDelivery(webhook, draftId, d -> "DEAD".equals(d.getString("status")));
        assertThat(dead.getInt("lastStatusCode")).isEqualTo(302);
        assertThat(dead.getString("lastError")).isEqualTo("HTTP 302");
        assertThat(forDraft(cms, draftId)).hasSize(4);
        assertThat(forDraft(elsewhere, draftId)).as("the redirect target is never contacted").isEmpty();
    }

    @Test
    void theAddressIsCheckedAgainBeforeEveryDelivery() throws Exception {
        // a row that points at this service itself, as if registered before the address policy (or
        // its DNS changed since): no registration check stands between it and the deliverer
        String url = "http://127.0.0.1:" + io.restassured.RestAssured.port + "/api/v1/reminders";
        long webhook;
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
             PreparedStatement s = c.prepareStatement("insert into webhook (channel, url, secret, created_by, created_at)"
                     + " values ('WEIBO', ?, 'legacy-plain-secret-0123456789', 'cms', now()) returning id")) {
            s.setString(1, url);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                webhook = rs.getLong(1);
            }
        }
        webhooks.add(webhook);
        long draftId = uniqueDraftId();
        QuarkusTransaction.requiringNew().run(() -> decisions.fire(decision(draftId, "WEIBO", "56".repeat(32))));

        JsonPath dead = awaitDelivery(webhook, draftId, d -> "DEAD".equals(d.getString("status")));
        assertThat(dead.getString("lastError")).isEqualTo("地址不允许");
        assertThat(dead.get("lastStatusCode") == null).as("nothing was sent, so no status").isTrue();
    }

    // ---- helpers ----

    private CmsReceiver receiver(int port) throws java.io.IOException {
        CmsReceiver r = CmsReceiver.start(port);
        receivers.add(r);
        return r;
    }

    private final Map<CmsReceiver, String> secrets = new java.util.IdentityHashMap<>();

    private long register(String channel, CmsReceiver cms) {
        JsonPath r = as("cms").contentType("application/json")
                .body(Map.of("channel", channel, "url", cms.url()))
                .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath();
        String secret = r.getString("secret");
        assertThat(secret).hasSize(64);
        cms.secret(secret);
        secrets.put(cms, secret);
        long id = r.getLong("id");
        webhooks.add(id);
        return id;
    }

    private String secretOf(CmsReceiver cms) {
        return secrets.get(cms);
    }

    private static DecisionRecorded decision(long draftId, String channel, String hash) {
        return new DecisionRecorded(draftId, 2, "关于某项工作的通知", channel, "办公室", "SECRECY_OFFICE", "APPROVE",
                "office", "APPROVED", hash, OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** Waits (polling the API) until the webhook's delivery for the draft satisfies the condition. */
    private JsonPath awaitDelivery(long webhook, long draftId, Predicate<JsonPath> done) throws Exception {
        long rowId = await("outbox row for draft " + draftId, () -> deliveryRowId(webhook, draftId), id -> id != null);
        return await("delivery " + rowId, () -> {
            List<Map<String, Object>> all = as("cms").get("/api/v1/webhooks/" + webhook + "/deliveries")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            return all.stream().filter(m -> ((Number) m.get("id")).longValue() == rowId).findFirst()
                    .map(m -> new JsonPath(toJson(m))).orElse(null);
        }, d -> d != null && done.test(d));
    }

    private static <T> T await(String what, Supplier<T> probe, Predicate<T> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        return fail("gave up waiting for " + what + "; last seen: " + (last instanceof JsonPath j ? j.prettify() : last));
    }

    private static List<CmsReceiver.Request> forDraft(CmsReceiver cms, long draftId) {
        return cms.received().stream().filter(r -> r.body().contains("\"draftId\":" + draftId + ",")).toList();
    }

    private static Long deliveryRowId(long webhook, long draftId) {
        return sql("select id from webhook_delivery where webhook_id = ? and payload like ?", webhook, "%\"draftId\":" + draftId + ",%");
    }

    private static long outboxRowsFor(long draftId) {
        return sql("select count(*) from webhook_delivery where payload like ?", "%\"draftId\":" + draftId + ",%");
    }

    private static long activeWebhooks(String channel) {
        return sql("select count(*) from webhook where channel = ? and deleted_at is null", channel);
    }

    private static Long sql(String query, Object... params) {
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
             PreparedStatement s = c.prepareStatement(query)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long uniqueDraftId() {
        return ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
