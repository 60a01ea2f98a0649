package cn.disclosure.review.identity;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Set;

/**
 * Bearer tokens for people who are not demo accounts: signed with the test key
 * ({@code smallrye.jwt.sign.key.location}, src/test/resources/jwt) for the configured issuer,
 * with {@code groups} (roles) and the {@code department} claim, as a production identity provider would.
 */
public final class TestTokens {
    private TestTokens() {
    }

    public static String token(String username, String department, String... roles) {
        String issuer = ConfigProvider.getConfig().getValue("mp.jwt.verify.issuer", String.class);
        var builder = Jwt.issuer(issuer).upn(username).groups(Set.of(roles)).expiresIn(3600);
        if (department != null) {
            builder.claim("department", department);
        }
        return builder.sign();
    }

    /** A rest-assured request carrying a bearer token for {@code username}. */
    public static RequestSpecification as(String username, String department, String... roles) {
        return RestAssured.given().auth().oauth2(token(username, department, roles));
    }
}
