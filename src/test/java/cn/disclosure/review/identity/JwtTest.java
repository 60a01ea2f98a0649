package cn.disclosure.review.identity;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Set;

import static cn.disclosure.review.intake.DraftFixtures.CLEAN;
import static cn.disclosure.review.intake.DraftFixtures.approve;
import static cn.disclosure.review.intake.DraftFixtures.draft;
import static cn.disclosure.review.intake.DraftFixtures.submit;
import static cn.disclosure.review.intake.DraftFixtures.unique;
import static cn.disclosure.review.support.Accounts.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Bearer tokens as production uses them: signed JWT (test key, configured issuer) with roles in
 * {@code groups} and the department in {@code department}; the department claim drives the
 * department rules exactly as an account's department does.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class JwtTest {

    private static String issuer() {
        return ConfigProvider.getConfig().getValue("mp.jwt.verify.issuer", String.class);
    }

    @Test
    void aSignedTokenCarriesRolesAndDepartment() {
        given().auth().oauth2(TestTokens.token("auditor", null, "LEADER")).get("/api/v1/audit/verify")
                .then().statusCode(200).body("ok", equalTo(true));

        // an editor of 财务处 known only from the token submits for 财务处
        JsonPath created = submit(TestTokens.as("fin-editor", "财务处", "EDITOR"), draft(unique("财务公开"), unique(CLEAN)))
                .statusCode(201).extract().jsonPath();
        int id = created.getInt("id");
        TestTokens.as("fin-editor", "财务处", "EDITOR").get("/api/v1/drafts/" + id).then().statusCode(200)
                .body("department", equalTo("财务处")).body("submitter", equalTo("fin-editor"));

        // 办公室's reviewer neither sees nor decides it; 财务处's reviewer does
        as("reviewer").get("/api/v1/reviews/queue").then().statusCode(200).body("draftId", not(hasItem(id)));
        approve(as("reviewer"), id, created.getString("contentHash")).statusCode(403).body("code", equalTo("other-department"));
        TestTokens.as("fin-head", "财务处", "DEPT_REVIEWER").get("/api/v1/reviews/queue").then().statusCode(200)
                .body("draftId", hasItem(id));
        approve(TestTokens.as("fin-head", "财务处", "DEPT_REVIEWER"), id, created.getString("contentHash"))
                .statusCode(201).body("nextRole", equalTo("SECRECY_OFFICE"));
    }

    @Test
    void tokensThatDoNotVerifyAreRefused() throws Exception {
        var otherKey = KeyPairGenerator.getInstance("RSA");
        otherKey.initialize(2048);
        String foreign = Jwt.issuer(issuer()).upn("mallory").groups(Set.of("ADMIN")).sign(otherKey.generateKeyPair().getPrivate());
        given().auth().oauth2(foreign).get("/api/v1/audit/verify").then().statusCode(401);

        String wrongIssuer = Jwt.issuer("https://elsewhere.example").upn("mallory").groups(Set.of("ADMIN")).sign();
        given().auth().oauth2(wrongIssuer).get("/api/v1/audit/verify").then().statusCode(401);

        String expired = Jwt.issuer(issuer()).upn("late").groups(Set.of("ADMIN"))
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600)).sign();
        given().auth().oauth2(expired).get("/api/v1/audit/verify").then().statusCode(401);

        // a valid token without the role
        given().auth().oauth2(TestTokens.token("someone", "办公室", "EDITOR")).get("/api/v1/audit/verify").then().statusCode(403);
    }
}
