package cn.disclosure.review.identity;

import cn.disclosure.review.core.Roles;
import cn.disclosure.review.audit.AuditEntry;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/**
 * Sign-in throttling over real HTTP: only failures count, the 11th wrong password within a minute
 * is refused with 429 and Retry-After without trying the password (the right one included), other
 * accounts are unaffected, the block recorded in the database holds for every instance, and a
 * name without an account costs a bcrypt like any other.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SignInThrottleTest {
    private static final String PASSWORD = "Throttle-Test-Password-1";
    private static final String REMINDERS = "/api/v1/reminders?channel=WEBSITE";

    @Inject
    AccountService accounts;

    @Inject
    EntityManager em;

    private static RequestSpecification basic(String user, String password) {
        return RestAssured.given().auth().preemptive().basic(user, password);
    }

    private static Response form(String user, String password) {
        return RestAssured.given().redirects().follow(false)
                .config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig().defaultContentCharset("UTF-8")))
                .formParam("j_username", user).formParam("j_password", password).post("/j_security_check");
    }

    /** The failures of this class come from 127.0.0.1 like every other test's requests: leave no count behind. */
    @AfterAll
    static void forgetTheLoopbackCount() {
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager()
                .createNativeQuery("delete from login_throttle where key = 'address:127.0.0.1'").executeUpdate());
    }

    @Test
    void theEleventhWrongPasswordInAMinuteIsRefusedWithoutTryingAnyPassword() {
        String user = TestAccounts.create("throttled", PASSWORD, Roles.EDITOR, "办公室");
        basic(user, PASSWORD).get(REMINDERS).then().statusCode(200); // remembered for a minute: the fast path
        long checks = accounts.passwordChecks();
        String write = "/api/v1/drafts/" + (System.nanoTime() % 1_000_000_000L) + "/submit";
        for (int i = 1; i <= 10; i++) {
            basic(user, "guess-pw-" + i).post(write).then().statusCode(401)
                    .contentType(containsString("application/problem+json")).body("code", equalTo("unauthenticated"));
        }
        assertThat(accounts.passwordChecks() - checks).as("bcrypt runs for the ten failures").isEqualTo(10);

        Response throttled = basic(user, "guess-pw-11").get(REMINDERS);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.contentType()).contains("application/problem+json");
        assertThat(throttled.jsonPath().getString("code")).isEqualTo("sign-in-throttled");
        assertThat(throttled.header("WWW-Authenticate")).isNull();
        long retryAfter = Long.parseLong(throttled.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        // the right password is refused too, from the cache and from the form, and no password is tried
        basic(user, PASSWORD).get(REMINDERS).then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        form(user, PASSWORD).then().statusCode(302).header("Location", endsWith("/login?error=throttled"));
        assertThat(accounts.passwordChecks() - checks).as("no bcrypt while throttled").isEqualTo(10);
        RestAssured.given().get("/login?error=throttled").then().statusCode(200).body(containsString("登录失败次数过多"));

        // another account from the same address is unaffected
        as("editor").get(REMINDERS).then().statusCode(200);
        String other = TestAccounts.create("unthrottled", PASSWORD, Roles.EDITOR, "办公室");
        basic(other, PASSWORD).get(REMINDERS).then().statusCode(200);

        // audited: ten failures with the source address, one block
        List<AuditEntry> failed = TestAccounts.audit("LOGIN_FAILED", user);
        assertThat(failed).hasSize(10).allSatisfy(e -> {
            assertThat(e.details).contains("\"address\":\"127.0.0.1\"").contains("\"reason\":\"wrong-password\"")
                    .doesNotContain("guess-pw");
            assertThat(e.actor).isEqualTo("anonymous");
        });
        assertThat(failed.get(0).details).contains("\"method\":\"POST\"").contains("\"path\":\"" + write + "\"");
        assertThat(TestAccounts.audit("LOGIN_THROTTLED", user)).singleElement()
                .satisfies(e -> assertThat(e.details).contains("\"throttled\":\"account\""));
        // a failed sign-in is one audit line, not also a refused request
        assertThat(QuarkusTransaction.requiringNew().call(() -> AuditEntry.count(
                "action = 'REQUEST_REFUSED' and details like ?1", "%" + write + "%"))).isZero();
    }

    @Test
    void aBlockRecordedByAnotherInstanceHoldsHere() {
        String user = TestAccounts.create("blocked-elsewhere", PASSWORD, Roles.EDITOR, "办公室");
        // what another instance writes when it blocks the name: this instance has never seen a failure for it
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        insert into login_throttle (key, failures, window_start, strikes, blocked_until, last_failure_at)
                        values (?1, 0, now(), 1, now() + interval '5 minutes', now())""")
                .setParameter(1, LoginThrottle.accountKey(user)).executeUpdate());
        long checks = accounts.passwordChecks();
        Response r = basic(user, PASSWORD).get(REMINDERS);
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(200L, 300L);
        assertThat(accounts.passwordChecks()).isEqualTo(checks);
    }

    @Test
    void unknownNamesAndDisabledAccountsCostABcryptAndAreAuditedSafely() {
        long checks = accounts.passwordChecks();
        basic("no-such-account-" + System.nanoTime(), "guess").get(REMINDERS).then().statusCode(401);
        assertThat(accounts.passwordChecks() - checks).as("bcrypt ran against the dummy hash").isEqualTo(1);

        String disabled = TestAccounts.create("disabled", PASSWORD, Roles.EDITOR, "办公室");
        TestAccounts.change(disabled, a -> a.enabled = false);
        basic(disabled, PASSWORD).get(REMINDERS).then().statusCode(401);
        assertThat(accounts.passwordChecks() - checks).isEqualTo(2);
        assertThat(TestAccounts.audit("LOGIN_FAILED", disabled)).singleElement()
                .satisfies(e -> assertThat(e.details).contains("\"reason\":\"account-disabled\""));

        // a hostile name through the form: line breaks, a bidi override, a zero-width space, 200 characters
        String hostile = "ghost\r\nLOGIN_OK admin\u202E\u200B" + "x".repeat(200);
        form(hostile, "the-password-typed").then().statusCode(302).header("Location", containsString("/login?error=1"));
        String stored = "ghostLOGIN_OK admin" + "x".repeat(64 - "ghostLOGIN_OK admin".length()) + "…";
        assertThat(TestAccounts.audit("LOGIN_FAILED", stored)).singleElement().satisfies(e -> {
            assertThat(e.details).contains("\"reason\":\"unknown-account\"").contains("\"path\":\"/j_security_check\"")
                    .doesNotContain("the-password-typed");
            assertThat(e.subjectId).doesNotContain("\n").doesNotContain("\u202E");
        });
    }
}
