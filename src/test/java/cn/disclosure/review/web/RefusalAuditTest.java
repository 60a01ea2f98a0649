package cn.disclosure.review.web;

import cn.disclosure.review.audit.AuditEntry;
import cn.disclosure.review.identity.TestTokens;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static cn.disclosure.review.intake.DraftFixtures.CLEAN;
import static cn.disclosure.review.intake.DraftFixtures.approve;
import static cn.disclosure.review.intake.DraftFixtures.decide;
import static cn.disclosure.review.intake.DraftFixtures.draft;
import static cn.disclosure.review.intake.DraftFixtures.submit;
import static cn.disclosure.review.intake.DraftFixtures.unique;
import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Refused requests leave an audit line with the actor, the source address, the method, the path
 * (without query string or body) and the problem code — over real HTTP, for 403s of the role
 * check (writes and reads), 403s and 409s of the review rules, CSRF failures of the web UI.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class RefusalAuditTest {

    private static List<AuditEntry> refusals(String method, String path) {
        return QuarkusTransaction.requiringNew().call(() -> AuditEntry.<AuditEntry>find(
                "action = 'REQUEST_REFUSED' and subjectId = ?1 order by seq", method + " " + path).list());
    }

    /** The lines are written just after the answer: wait for them (up to 20 s). */
    private static AuditEntry awaitRefusal(String method, String path) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<AuditEntry> found = refusals(method, path);
        while (found.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            found = refusals(method, path);
        }
        assertThat(found).as("refusal line for %s %s", method, path).hasSize(1);
        return found.get(0);
    }

    private static JsonPath submitted(RequestSpecification who) {
        return submit(who, draft(unique("通知"), unique(CLEAN))).statusCode(201).extract().jsonPath();
    }

    @Test
    void anEditorDecidingAReviewIsRefusedAndAudited() {
        JsonPath d = submitted(as("editor"));
        String path = "/api/v1/drafts/" + d.getLong("id") + "/decisions";
        // a forwarded address means nothing while proxy support is off; the query string is never stored
        as("editor").header("X-Forwarded-For", "203.0.113.50").queryParam("note", "QUERY-STRING-SECRET")
                .contentType("application/json")
                .body("{\"decision\":\"APPROVE\",\"opinion\":\"BODY-SECRET-OPINION\",\"contentHash\":\"" + d.getString("contentHash") + "\"}")
                .post(path).then().statusCode(403).body("code", equalTo("forbidden"));
        AuditEntry line = awaitRefusal("POST", path);
        assertThat(line.actor).isEqualTo("editor");
        assertThat(line.details)
                .contains("\"address\":\"127.0.0.1\"").contains("\"method\":\"POST\"")
                .contains("\"path\":\"" + path + "\"").contains("\"status\":403").contains("\"code\":\"forbidden\"")
                .doesNotContain("QUERY-STRING-SECRET").doesNotContain("BODY-SECRET").doesNotContain("203.0.113.50");
        assertThat(line.subjectType).isEqualTo("request");
    }

    @Test
    void theReviewRulesRefusalsCarryTheirOwnCodes() {
        // 403 separation-of-duties: a department head deciding their own draft (bearer token)
        JsonPath own = submitted(TestTokens.as("chief-audit", "办公室", "EDITOR", "DEPT_REVIEWER"));
        String ownPath = "/api/v1/drafts/" + own.getLong("id") + "/decisions";
        approve(TestTokens.as("chief-audit", "办公室", "EDITOR", "DEPT_REVIEWER"), own.getLong("id"), own.getString("contentHash"))
                .statusCode(403).body("code", equalTo("separation-of-duties"));
        AuditEntry sod = awaitRefusal("POST", ownPath);
        assertThat(sod.actor).isEqualTo("chief-audit");
        assertThat(sod.details).contains("\"code\":\"separation-of-duties\"").contains("\"status\":403");

        // 409 stale-content: a decision on content the reviewer did not see
        JsonPath d = submitted(as("editor"));
        String path = "/api/v1/drafts/" + d.getLong("id") + "/decisions";
        decide(as("reviewer"), d.getLong("id"), "APPROVE", "0".repeat(64), "同意", null).statusCode(409);
        AuditEntry stale = awaitRefusal("POST", path);
        assertThat(stale.actor).isEqualTo("reviewer");
        assertThat(stale.details).contains("\"status\":409").contains("\"code\":\"stale-content\"");
    }

    @Test
    void aCsrfFailureIsAuditedWithTheSignedInActor() {
        CookieFilter office = new CookieFilter();
        RestAssured.given().filter(office).get("/login").then().statusCode(200);
        RestAssured.given().filter(office).redirects().follow(false).formParam("j_username", "office")
                .formParam("j_password", "office").post("/j_security_check").then().statusCode(302);
        String path = "/ui/reviews/" + (900_000_000L + System.nanoTime() % 99_000_000L) + "/decision";
        RestAssured.given().filter(office).redirects().follow(false)
                .formParam("_csrf", "forged-value-forged-value-forged-value").formParam("decision", "APPROVE")
                .post(path).then().statusCode(403).body("code", equalTo("csrf-token-invalid"));
        AuditEntry line = awaitRefusal("POST", path);
        assertThat(line.actor).isEqualTo("office");
        assertThat(line.details).contains("\"code\":\"csrf-token-invalid\"").contains("\"address\":\"127.0.0.1\"")
                .doesNotContain("forged-value");
    }

    @Test
    void aRefusedReadIsAuditedAndAnUnauthenticatedOrMissingOneIsNot() {
        long before = QuarkusTransaction.requiringNew().call(() -> AuditEntry.<AuditEntry>find("order by seq desc").firstResult().seq);
        // a CMS account reading the register it may not see: 403, recorded like a refused write
        as("cms").get("/api/v1/register").then().statusCode(403);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        AuditEntry read = null;
        while (read == null && System.nanoTime() < deadline) {
            read = QuarkusTransaction.requiringNew().call(() -> AuditEntry.<AuditEntry>find(
                    "action = 'REQUEST_REFUSED' and subjectId = 'GET /api/v1/register' and actor = 'cms' and seq > ?1",
                    before).firstResult());
            if (read == null) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        assertThat(read).as("refusal line for the read").isNotNull();
        assertThat(read.details).contains("\"code\":\"forbidden\"").contains("\"method\":\"GET\"");

        // a read of something that does not exist, or without credentials, is no refusal to record
        String missing = "/api/v1/drafts/" + (800_000_000L + System.nanoTime() % 99_000_000L) + "/revisions/1";
        as("cms").get(missing).then().statusCode(404);
        RestAssured.given().get(missing).then().statusCode(401);
        JsonPath d = submitted(as("editor"));
        String write = "/api/v1/drafts/" + d.getLong("id") + "/submit";
        as("cms").post(write).then().statusCode(403);
        awaitRefusal("POST", write);
        assertThat(refusals("GET", missing)).isEmpty();
    }
}
