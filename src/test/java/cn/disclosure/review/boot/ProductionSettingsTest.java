package cn.disclosure.review.boot;

import cn.disclosure.review.audit.AuditEntry;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.http.runtime.security.FormAuthenticationMechanism;
import io.restassured.RestAssured;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real start with the settings that matter in production and that the other tests do not use:
 * no session key given (the log of this start must not show the temporary key Quarkus generates),
 * Secure cookies, and a trusted reverse proxy on loopback whose X-Forwarded-For is the source
 * address for throttling and the audit. The log of the start is written to a file and read back.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestProfile(ProductionSettingsTest.Settings.class)
class ProductionSettingsTest {

    public static class Settings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("quarkus.http.auth.session.encryption-key", ""),
                    Map.entry("%test.quarkus.http.auth.session.encryption-key", ""),
                    Map.entry("review.http.secure-cookies", "true"),
                    Map.entry("quarkus.http.proxy.proxy-address-forwarding", "true"),
                    Map.entry("quarkus.http.proxy.allow-x-forwarded", "true"),
                    Map.entry("quarkus.http.proxy.trusted-proxies", "127.0.0.1"),
                    Map.entry("review.identity.throttle.address-failures", "5"),
                    Map.entry("quarkus.log.file.enabled", "true"),
                    Map.entry("quarkus.log.file.path", "target/production-settings-" + UUID.randomUUID() + ".log"));
        }
    }

    private static List<AuditEntry> lines(String action, String subjectId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<AuditEntry> found = QuarkusTransaction.requiringNew().call(() -> AuditEntry.<AuditEntry>find(
                    "action = ?1 and subjectId = ?2 order by seq", action, subjectId).list());
            if (!found.isEmpty() || System.nanoTime() > deadline) {
                return found;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
        }
    }

    @Test
    void theLogOfAStartWithoutASessionKeyShowsNoKey() throws Exception {
        // Quarkus sets up form login (and makes up its temporary key) at the first request that needs it
        RestAssured.given().redirects().follow(false).formParam("j_username", "office").formParam("j_password", "office")
                .post("/j_security_check").then().statusCode(302);
        // the class as the running application loaded it (the test class may come from another start's class loader)
        Class<?> mechanism = Thread.currentThread().getContextClassLoader().loadClass(FormAuthenticationMechanism.class.getName());
        Field f = mechanism.getDeclaredField("encryptionKey");
        f.setAccessible(true);
        String temporaryKey = (String) f.get(null);
        assertThat(temporaryKey).as("Quarkus generated a temporary key in this start").isNotBlank();

        Path log = Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class));
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(text).as("the log holds this start").contains("未配置会话密钥").contains("Listening on");
        assertThat(text).doesNotContain(temporaryKey)
                .doesNotContain("Encryption key was not specified")
                .doesNotContainIgnoringCase("temporary key");
    }

    @Test
    void everyCookieIsSecureHttpOnlyAndStrict() {
        CookieFilter browser = new CookieFilter();
        Response page = RestAssured.given().filter(browser).get("/login");
        assertThat(page.headers().getValues("Set-Cookie")).filteredOn(c -> c.startsWith("review-csrf="))
                .singleElement().satisfies(c -> assertThat(c).contains("Secure").containsIgnoringCase("HttpOnly")
                        .containsIgnoringCase("SameSite=Strict"));
        Response signIn = RestAssured.given().redirects().follow(false).formParam("j_username", "office")
                .formParam("j_password", "office").post("/j_security_check");
        assertThat(signIn.statusCode()).isEqualTo(302);
        List<String> cookies = signIn.headers().getValues("Set-Cookie");
        for (String name : List.of("review-session=", "review-sid=")) {
            assertThat(cookies).filteredOn(c -> c.startsWith(name)).as(name).singleElement()
                    .satisfies(c -> assertThat(c).contains("Secure").containsIgnoringCase("HttpOnly")
                            .containsIgnoringCase("SameSite=Strict"));
        }
    }

    @Test
    void behindATrustedProxyTheForwardedAddressCountsAndIsAudited() {
        // five failures from one client of the proxy block that client, whatever the name
        String prefix = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        for (int i = 0; i < 5; i++) {
            RestAssured.given().header("X-Forwarded-For", "203.0.113.9").auth().preemptive().basic(prefix + i, "x")
                    .get("/api/v1/reminders?channel=WEBSITE").then().statusCode(401);
        }
        Response blocked = RestAssured.given().header("X-Forwarded-For", "203.0.113.9").auth().preemptive().basic("cms", "cms")
                .get("/api/v1/reminders?channel=WEBSITE");
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.header("Retry-After")).isNotBlank();
        // other clients of the same proxy, and the proxy's own address, are not
        RestAssured.given().header("X-Forwarded-For", "203.0.113.10").auth().preemptive().basic("cms", "cms")
                .get("/api/v1/reminders?channel=WEBSITE").then().statusCode(200);
        as("cms").get("/api/v1/reminders?channel=WEBSITE").then().statusCode(200);

        assertThat(lines("LOGIN_FAILED", prefix + "0")).singleElement()
                .satisfies(e -> assertThat(e.details).contains("\"address\":\"203.0.113.9\""));
        assertThat(lines("LOGIN_THROTTLED", "203.0.113.9")).singleElement()
                .satisfies(e -> assertThat(e.details).contains("\"throttled\":\"address\""));

        // a refused write names the forwarded address
        String path = "/api/v1/drafts/" + (700_000_000L + System.nanoTime() % 99_000_000L) + "/submit";
        as("cms").header("X-Forwarded-For", "203.0.113.77").post(path).then().statusCode(403);
        assertThat(lines("REQUEST_REFUSED", "POST " + path)).singleElement()
                .satisfies(e -> assertThat(e.details).contains("\"address\":\"203.0.113.77\""));
    }
}
