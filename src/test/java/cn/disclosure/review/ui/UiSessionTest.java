package cn.disclosure.review.ui;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.filter.cookie.CookieFilter;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Form login, role landing pages, CSRF and security headers of the web UI over real HTTP. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class UiSessionTest {

    private static CookieFilter signIn(String user) {
        CookieFilter cookies = new CookieFilter();
        RestAssured.given().filter(cookies).redirects().follow(false).get("/login").then().statusCode(200);
        RestAssured.given().filter(cookies).redirects().follow(false)
                .formParam("j_username", user).formParam("j_password", user)
                .post("/j_security_check").then().statusCode(302);
        return cookies;
    }

    @Test
    void anonymousVisitorsLandOnTheLoginPageAndApiClientsGet401() {
        RestAssured.given().redirects().follow(false).get("/").then().statusCode(303).header("Location", endsWith("/login"));
        RestAssured.given().redirects().follow(false).get("/ui/audit").then().statusCode(303).header("Location", endsWith("/login"));
        RestAssured.given().get("/login").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .body(containsString("j_security_check"));
        RestAssured.given().redirects().follow(false).get("/api/v1/audit/verify").then().statusCode(401);
    }

    @Test
    void wrongPasswordShowsTheError() {
        RestAssured.given().redirects().follow(false).formParam("j_username", "office").formParam("j_password", "nope")
                .post("/j_security_check").then().statusCode(302).header("Location", containsString("/login?error=1"));
    }

    @Test
    void signedInUsersLandOnTheirRolePage() {
        CookieFilter office = signIn("office");
        RestAssured.given().filter(office).redirects().follow(false).get("/").then().statusCode(303)
                .header("Location", endsWith("/ui/queue"));
        CookieFilter editor = signIn("editor");
        RestAssured.given().filter(editor).redirects().follow(false).get("/").then().statusCode(303)
                .header("Location", endsWith("/ui/drafts"));
        RestAssured.given().filter(office).get("/ui/audit").then().statusCode(200)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .body(containsString("哈希链完整"));
        RestAssured.given().filter(editor).get("/ui/audit").then().statusCode(403).body(containsString("无权访问"));
    }

    @Test
    void logoutNeedsTheCsrfToken() {
        CookieFilter office = signIn("office");
        String page = RestAssured.given().filter(office).get("/ui/audit").then().statusCode(200).extract().asString();
        String token = page.replaceAll("(?s).*name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
        assertNotNull(token);
        RestAssured.given().filter(office).redirects().follow(false).formParam("_csrf", "forged-value-forged-value-forged-value")
                .post("/logout").then().statusCode(403).body("code", equalTo("csrf-token-invalid"));
        RestAssured.given().filter(office).redirects().follow(false).formParam("_csrf", token)
                .post("/logout").then().statusCode(303).header("Location", endsWith("/login"))
                .header("Set-Cookie", not(containsString("review-csrf=;")));
    }
}
