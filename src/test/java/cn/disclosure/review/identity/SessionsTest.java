package cn.disclosure.review.identity;

import cn.disclosure.review.core.Roles;
import cn.disclosure.review.audit.AuditEntry;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/**
 * Web UI sessions end on the server: a copy of the cookies taken while signed in is refused after
 * sign-out, after the account is disabled or its password changed, after the session idled out —
 * over real HTTP against the real form login.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SessionsTest {
    private static final String PASSWORD = "Session-Test-Password-1";

    /** A signed-in browser: its cookie jar, and a copy of the two session cookies as an attacker would take them. */
    record Browser(CookieFilter cookies, String sessionCookie, String sessionId, List<String> setCookies) {
        RequestSpecification request() {
            return RestAssured.given().filter(cookies).redirects().follow(false);
        }

        /** A request carrying only the copied cookies, from somewhere else. */
        RequestSpecification replay() {
            return RestAssured.given().redirects().follow(false)
                    .cookie("review-session", sessionCookie).cookie(Sessions.COOKIE, sessionId);
        }
    }

    static Browser signIn(String user, String password) {
        CookieFilter cookies = new CookieFilter();
        RestAssured.given().filter(cookies).redirects().follow(false).get("/login").then().statusCode(200);
        Response r = RestAssured.given().filter(cookies).redirects().follow(false)
                .formParam("j_username", user).formParam("j_password", password).post("/j_security_check");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.header("Location")).doesNotContain("error");
        return new Browser(cookies, r.getCookie("review-session"), r.getCookie(Sessions.COOKIE), r.headers().getValues("Set-Cookie"));
    }

    private static String editor() {
        return TestAccounts.create("session-editor", PASSWORD, Roles.EDITOR, "办公室");
    }

    private static String csrf(Browser b, String page) {
        String html = b.request().get(page).then().statusCode(200).extract().asString();
        return html.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
    }

    private static LoginSession sessionOf(String id) {
        return QuarkusTransaction.requiringNew().call(() -> LoginSession.<LoginSession>findById(cn.disclosure.review.core.Sha256.hex(id)));
    }

    private static void refusedEverywhere(Browser b) {
        // the UI sends the copy to the sign-in page and clears both cookies
        b.replay().get("/ui/drafts").then().statusCode(302).header("Location", endsWith("/login"))
                .header("Set-Cookie", containsString("Max-Age=0"));
        // the API answers 401 with a problem body
        b.replay().get("/api/v1/drafts").then().statusCode(401).contentType(containsString("application/problem+json"))
                .body("code", equalTo("session-ended"));
    }

    @Test
    void aCopiedCookieIsRefusedOnceItsOwnerHasSignedOut() {
        String user = editor();
        Browser b = signIn(user, PASSWORD);
        assertThat(b.sessionCookie()).isNotBlank();
        assertThat(b.sessionId()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(b.setCookies()).filteredOn(c -> c.startsWith(Sessions.COOKIE + "=")).singleElement()
                .satisfies(c -> assertThat(c).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/"));
        // the copy works while the session lives: it is the same session
        b.replay().get("/ui/drafts").then().statusCode(200);
        b.replay().get("/api/v1/drafts").then().statusCode(200);
        // the id is stored only as its hash
        assertThat(sessionOf(b.sessionId()).username).isEqualTo(user);

        b.request().formParam("_csrf", csrf(b, "/ui/drafts")).post("/logout").then().statusCode(303)
                .header("Location", endsWith("/login"));

        refusedEverywhere(b);
        assertThat(sessionOf(b.sessionId()).revokedReason).isEqualTo("logout");
        // the browser that signed out is signed out too
        b.request().get("/ui/drafts").then().statusCode(303);
        // the replay is audited, with the account whose session it was
        List<AuditEntry> lines = TestAccounts.await(() -> QuarkusTransaction.requiringNew().call(() ->
                AuditEntry.<AuditEntry>find("action = 'REQUEST_REFUSED' and details like ?1", "%\"sessionOf\":\"" + user + "\"%").list()));
        assertThat(lines.get(0).actor).isEqualTo("anonymous");
        assertThat(lines.get(0).details).contains("\"code\":\"session-ended\"").contains("\"address\":\"127.0.0.1\"");
    }

    @Test
    void theEncryptedCookieAloneIsNotASession() {
        String user = editor();
        Browser b = signIn(user, PASSWORD);
        RestAssured.given().redirects().follow(false).cookie("review-session", b.sessionCookie())
                .get("/api/v1/drafts").then().statusCode(401).body("code", equalTo("session-ended"));
        RestAssured.given().redirects().follow(false).cookie("review-session", b.sessionCookie())
                .cookie(Sessions.COOKIE, "guessed-" + "x".repeat(40))
                .get("/api/v1/drafts").then().statusCode(401);
        // another user's live session id does not go with this user's cookie
        Browser other = signIn(editor(), PASSWORD);
        RestAssured.given().redirects().follow(false).cookie("review-session", b.sessionCookie())
                .cookie(Sessions.COOKIE, other.sessionId()).get("/api/v1/drafts").then().statusCode(401);
        b.replay().get("/api/v1/drafts").then().statusCode(200);
    }

    @Test
    void changingThePasswordEndsTheAccountsSessions() {
        String user = editor();
        Browser first = signIn(user, PASSWORD);
        Browser second = signIn(user, PASSWORD);
        second.replay().get("/ui/drafts").then().statusCode(200);
        TestAccounts.change(user, a -> a.passwordHash = AccountService.hash("A-New-Password-2"));
        refusedEverywhere(first);
        refusedEverywhere(second);
        assertThat(sessionOf(first.sessionId()).revokedReason).isEqualTo("password-changed");
        // the new password starts a new session
        signIn(user, "A-New-Password-2").replay().get("/ui/drafts").then().statusCode(200);
    }

    @Test
    void disablingTheAccountEndsItsSessions() {
        String user = editor();
        Browser b = signIn(user, PASSWORD);
        b.replay().get("/ui/drafts").then().statusCode(200);
        TestAccounts.change(user, a -> a.enabled = false);
        refusedEverywhere(b);
        assertThat(sessionOf(b.sessionId()).revokedReason).isEqualTo("account-disabled");
        RestAssured.given().redirects().follow(false).formParam("j_username", user).formParam("j_password", PASSWORD)
                .post("/j_security_check").then().statusCode(302).header("Location", containsString("/login?error=1"));
    }

    @Test
    void anIdleSessionAndAnOldSessionEnd() {
        String user = editor();
        Browser idle = signIn(user, PASSWORD);
        Browser old = signIn(user, PASSWORD);
        QuarkusTransaction.requiringNew().run(() -> {
            LoginSession.update("lastSeenAt = ?1 where idHash = ?2", OffsetDateTime.now().minusMinutes(31),
                    cn.disclosure.review.core.Sha256.hex(idle.sessionId()));
            LoginSession.update("expiresAt = ?1 where idHash = ?2", OffsetDateTime.now().minusSeconds(1),
                    cn.disclosure.review.core.Sha256.hex(old.sessionId()));
        });
        refusedEverywhere(idle);
        refusedEverywhere(old);
        assertThat(sessionOf(idle.sessionId()).revokedReason).isEqualTo("idle");
        assertThat(sessionOf(old.sessionId()).revokedReason).isEqualTo("expired");
    }

    @Test
    void signingInAgainInTheSameBrowserReplacesItsSession() {
        String user = editor();
        Browser b = signIn(user, PASSWORD);
        Response again = b.request().formParam("j_username", user).formParam("j_password", PASSWORD).post("/j_security_check");
        assertThat(again.statusCode()).isEqualTo(302);
        String newId = again.getCookie(Sessions.COOKIE);
        assertThat(newId).isNotEqualTo(b.sessionId());
        assertThat(sessionOf(b.sessionId()).revokedReason).isEqualTo("replaced");
        b.replay().get("/api/v1/drafts").then().statusCode(401);
        RestAssured.given().cookie("review-session", again.getCookie("review-session")).cookie(Sessions.COOKIE, newId)
                .get("/api/v1/drafts").then().statusCode(200);
    }

    @Test
    void signingOutWithoutTheCsrfTokenEndsNothing() {
        String user = editor();
        Browser b = signIn(user, PASSWORD);
        b.request().formParam("_csrf", "forged-value-forged-value-forged-value").post("/logout").then().statusCode(403);
        b.replay().get("/ui/drafts").then().statusCode(200);
        assertThat(sessionOf(b.sessionId()).revokedAt).isNull();
        assertThat(Map.of("user", user)).isNotEmpty();
    }
}
