package cn.disclosure.review.notify;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.disclosure.review.support.Accounts.anonymous;
import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** Registration API: the endpoint × role matrix, validation, secrecy of secrets, ownership, audit. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class WebhookEndpointsTest {

    /**
     * A callback URL no test sends to on purpose: loopback (allow-listed in the test profile), port 9
     * (discard; nothing listens), so a delivery that happens anyway stays on this machine.
     */
    private static String uniqueUrl() {
        return "http://127.0.0.1:9/hooks/" + UUID.randomUUID();
    }

    private static Map<String, Object> registration() {
        return Map.of("channel", "WEIBO", "url", uniqueUrl());
    }

    @Test
    void roleMatrix() {
        // an existing webhook to address with GET deliveries / DELETE
        long target = as("admin").contentType("application/json").body(registration())
                .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath().getLong("id");
        try {
            for (String user : List.of("editor", "reviewer", "office", "leader")) {
                assertAll(user, target, 403);
            }
            assertAll(null, target, 401);

            for (String user : List.of("cms", "admin")) {
                long own = as(user).contentType("application/json").body(registration())
                        .post("/api/v1/webhooks").then().statusCode(201)
                        .header("Location", notNullValue()).extract().jsonPath().getLong("id");
                as(user).get("/api/v1/webhooks").then().statusCode(200).body("id", hasItem((int) own));
                as(user).get("/api/v1/webhooks/" + own + "/deliveries").then().statusCode(200).body("size()", equalTo(0));
                as(user).delete("/api/v1/webhooks/" + own).then().statusCode(204);
                as(user).get("/api/v1/webhooks").then().statusCode(200).body("id", not(hasItem((int) own)));
                as(user).delete("/api/v1/webhooks/" + own).then().statusCode(404);
            }
        } finally {
            as("admin").delete("/api/v1/webhooks/" + target);
        }
    }

    /** Every endpoint answers {@code status} to {@code user} (null = not signed in). */
    private static void assertAll(String user, long target, int status) {
        spec(user).contentType("application/json").body(registration()).post("/api/v1/webhooks").then().statusCode(status);
        spec(user).get("/api/v1/webhooks").then().statusCode(status);
        spec(user).get("/api/v1/webhooks/" + target + "/deliveries").then().statusCode(status);
        spec(user).post("/api/v1/webhooks/" + target + "/deliveries/1/redelivery").then().statusCode(status);
        spec(user).delete("/api/v1/webhooks/" + target).then().statusCode(status);
    }

    private static RequestSpecification spec(String user) {
        return user == null ? anonymous() : as(user);
    }

    @Test
    void secretIsGeneratedShownOnceAndNeverListed() throws Exception {
        String url = uniqueUrl();
        var created = as("cms").contentType("application/json").body(Map.of("channel", "website", "url", url))
                .post("/api/v1/webhooks").then().statusCode(201)
                .body("channel", equalTo("WEBSITE")).body("url", equalTo(url)).body("createdBy", equalTo("cms"))
                .extract().jsonPath();
        long id = created.getLong("id");
        String secret = created.getString("secret");
        try {
            assertThat(secret).matches("[0-9a-f]{64}");
            String list = as("cms").get("/api/v1/webhooks").then().statusCode(200).extract().asString();
            assertThat(list).contains(url).doesNotContain(secret).doesNotContain("\"secret\"");
            // the same channel and URL cannot be registered twice while active
            as("cms").contentType("application/json").body(Map.of("channel", "WEBSITE", "url", url))
                    .post("/api/v1/webhooks").then().statusCode(409).body("code", equalTo("webhook-exists"));
            // audited, without the secret
            String details = auditDetails("WEBHOOK_REGISTERED", Long.toString(id));
            assertThat(details).contains(url).doesNotContain(secret);
        } finally {
            as("cms").delete("/api/v1/webhooks/" + id).then().statusCode(204);
        }
        assertThat(auditDetails("WEBHOOK_DELETED", Long.toString(id))).contains("WEBSITE");
    }

    @Test
    void aGivenSecretIsKeptAndWeakOnesAreRefused() {
        String secret = "cms-chosen-secret-0123456789abcdef";
        var created = as("cms").contentType("application/json")
                .body(Map.of("channel", "WECHAT", "url", uniqueUrl(), "secret", secret))
                .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath();
        assertThat(created.getString("secret")).isEqualTo(secret);
        as("cms").delete("/api/v1/webhooks/" + created.getLong("id")).then().statusCode(204);

        as("cms").contentType("application/json").body(Map.of("channel", "WECHAT", "url", uniqueUrl(), "secret", "short"))
                .post("/api/v1/webhooks").then().statusCode(400).body("code", equalTo("weak-webhook-secret"));
    }

    @Test
    void onlyHttpAndHttpsUrlsAndKnownChannelsAreAccepted() {
        List<String> bad = new ArrayList<>(List.of("ftp://cms.example.cn/hook", "javascript:alert(1)", "file:///etc/passwd",
                "/relative/hook", "http://", "https://user:pw@cms.example.cn/hook", "https://cms.example.cn/hook#x",
                "not a url", ""));
        for (String url : bad) {
            as("cms").contentType("application/json").body(Map.of("channel", "WEBSITE", "url", url))
                    .post("/api/v1/webhooks").then().statusCode(400).body("code", equalTo("invalid-webhook-url"));
        }
        as("cms").contentType("application/json").body(Map.of("channel", "TIKTOK", "url", uniqueUrl()))
                .post("/api/v1/webhooks").then().statusCode(400).body("code", equalTo("unknown-channel"));
        as("cms").contentType("application/json").body(Map.of("url", uniqueUrl()))
                .post("/api/v1/webhooks").then().statusCode(400).body("code", equalTo("missing-channel"));
    }

    @Test
    void aCmsSeesOnlyItsOwnWebhooksAndAdminSeesAll() {
        long adminsHook = as("admin").contentType("application/json").body(registration())
                .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath().getLong("id");
        long cmsHook = as("cms").contentType("application/json").body(registration())
                .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath().getLong("id");
        try {
            as("cms").get("/api/v1/webhooks").then().statusCode(200)
                    .body("id", hasItem((int) cmsHook)).body("id", not(hasItem((int) adminsHook)));
            as("cms").get("/api/v1/webhooks/" + adminsHook + "/deliveries").then().statusCode(404);
            as("cms").delete("/api/v1/webhooks/" + adminsHook).then().statusCode(404);
            as("admin").get("/api/v1/webhooks").then().statusCode(200)
                    .body("id", hasItem((int) cmsHook)).body("id", hasItem((int) adminsHook));
            as("admin").get("/api/v1/webhooks/" + cmsHook + "/deliveries").then().statusCode(200);
        } finally {
            as("admin").delete("/api/v1/webhooks/" + adminsHook).then().statusCode(204);
            as("admin").delete("/api/v1/webhooks/" + cmsHook).then().statusCode(204);
        }
    }

    @Test
    void theServicesOwnPortsStayRefusedEvenWithLoopbackAllowListed() {
        // the test profile allow-lists 127.0.0.1 (the CMS receivers), but not this service's own ports
        int httpPort = io.restassured.RestAssured.port;
        int dbPort = java.net.URI.create(EmbeddedPostgresResource.jdbcUrl().substring("jdbc:".length())).getPort();
        for (String url : List.of("http://127.0.0.1:" + httpPort + "/api/v1/drafts", "http://localhost:" + httpPort + "/q/metrics",
                "http://127.0.0.1:" + dbPort + "/", "http://localhost:" + dbPort + "/", "http://[::1]:" + dbPort + "/",
                "http://0.0.0.0:" + httpPort + "/")) {
            String answer = as("cms").contentType("application/json").body(Map.of("channel", "WEBSITE", "url", url))
                    .post("/api/v1/webhooks").then().statusCode(422).contentType("application/problem+json")
                    .body("code", equalTo("webhook-address-refused")).extract().asString();
            assertThat(answer).as("no address in the answer").doesNotContain("127.0.0.1").doesNotContain(Integer.toString(dbPort));
        }
        // another loopback port is allowed by the test profile's allow list
        long ok = as("cms").contentType("application/json").body(Map.of("channel", "WEIBO", "url", uniqueUrl()))
                .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath().getLong("id");
        as("cms").delete("/api/v1/webhooks/" + ok).then().statusCode(204);
    }

    @Test
    void theStoredSecretColumnIsNotTheSecret() throws Exception {
        var created = as("cms").contentType("application/json").body(Map.of("channel", "WEIBO", "url", uniqueUrl()))
                .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath();
        long id = created.getLong("id");
        String secret = created.getString("secret");
        try {
            String[] stored = storedSecret(id);
            assertThat(stored[0]).as("plain column").isNull();
            assertThat(stored[1]).as("sealed column").isNotNull().doesNotContain(secret).startsWith("v1.");
            assertThat(stored[1].toLowerCase()).doesNotContain(secret.substring(0, 16));
            // the documented format opens with the configured key, independently of the service's code
            assertThat(SecretBoxTest.openIndependently(TEST_KEY, stored[1])).isEqualTo(secret);
        } finally {
            as("cms").delete("/api/v1/webhooks/" + id).then().statusCode(204);
        }
    }

    @jakarta.inject.Inject
    WebhookSecrets secrets;

    @Test
    void aPlainSecretLeftFromBeforeMigrationIsSealed() throws Exception {
        String plain = "legacy-plain-secret-" + UUID.randomUUID();
        long id;
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
             PreparedStatement s = c.prepareStatement("insert into webhook (channel, url, secret, created_by, created_at, deleted_at)"
                     + " values ('WEIBO', ?, ?, 'cms', now(), now()) returning id")) {
            s.setString(1, uniqueUrl());
            s.setString(2, plain);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        assertThat(secrets.sealPlainRows()).isGreaterThanOrEqualTo(1);
        String[] stored = storedSecret(id);
        assertThat(stored[0]).isNull();
        assertThat(stored[1]).doesNotContain(plain);
        assertThat(SecretBoxTest.openIndependently(TEST_KEY, stored[1])).isEqualTo(plain);
        assertThat(secrets.sealPlainRows()).as("nothing left to seal").isZero();
    }

    /** The %test. key of application.properties. */
    static final String TEST_KEY = "dGVzdC1vbmx5LXdlYmhvb2sta2V5LTMyLWJ5dGVzISE=";

    private static String[] storedSecret(long id) throws Exception {
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
             PreparedStatement s = c.prepareStatement("select secret, secret_sealed from webhook where id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return new String[]{rs.getString(1), rs.getString(2)};
            }
        }
    }

    private static String auditDetails(String action, String subjectId) throws Exception {
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
             PreparedStatement s = c.prepareStatement(
                     "select details from audit_entry where action = ? and subject_id = ? order by seq desc limit 1")) {
            s.setString(1, action);
            s.setString(2, subjectId);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as(action + " audited").isTrue();
                return rs.getString(1);
            }
        }
    }
}
