package cn.disclosure.review.identity;

import cn.disclosure.review.core.Roles;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every /api/v1 operation × every role, from the data in {@code identity/endpoint-roles.txt}:
 * 401 without credentials, 403 for each role not allowed, neither for each allowed role — once
 * signed in with HTTP Basic (demo accounts) and once with bearer tokens (signed JWT with groups).
 * The operations come from the OpenAPI document, so an endpoint without a row fails the test.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class EndpointRoleMatrixTest {
    static final List<String> ROLES = List.of(Roles.EDITOR, Roles.DEPT_REVIEWER, Roles.SECRECY_OFFICE, Roles.LEADER,
            Roles.ADMIN, Roles.CMS, Roles.MAIL_GATE);
    /** The demo account holding each role (see DemoAccounts). */
    static final Map<String, String> DEMO = Map.of(Roles.EDITOR, "editor", Roles.DEPT_REVIEWER, "reviewer",
            Roles.SECRECY_OFFICE, "office", Roles.LEADER, "leader", Roles.ADMIN, "admin", Roles.CMS, "cms",
            Roles.MAIL_GATE, "mailgate");
    static final Map<String, String> PATH_VALUES = Map.of("id", "987654321", "revision", "1", "position", "1",
            "name", "matrix-probe");

    record Row(String method, String path, Set<String> allowed, boolean optional, String contentType, String body) {
        String key() {
            return method + " " + path;
        }

        String concretePath() {
            String p = path;
            for (Map.Entry<String, String> e : PATH_VALUES.entrySet()) {
                p = p.replace("{" + e.getKey() + "}", e.getValue());
            }
            return p.replaceAll("\\{[^}]+}", "x");
        }
    }

    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = EndpointRoleMatrixTest.class.getClassLoader().getResourceAsStream("identity/endpoint-roles.txt")) {
            assertThat(in).as("identity/endpoint-roles.txt").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] f = l.split("\\s+");
                Set<String> allowed = new LinkedHashSet<>(Arrays.asList(f[2].split(",")));
                assertThat(ROLES).as("roles of " + l).containsAll(allowed);
                boolean optional = false;
                String type = "application/json";
                String body = "{}";
                for (int i = 3; i < f.length; i++) {
                    if (f[i].equals("optional")) {
                        optional = true;
                    } else if (f[i].startsWith("type=")) {
                        type = f[i].substring(5);
                    } else if (f[i].startsWith("body=")) {
                        body = f[i].substring(5);
                    }
                }
                rows.add(new Row(f[0].toUpperCase(Locale.ROOT), f[1], allowed, optional, type, body));
            }
        }
        return rows;
    }

    /** "METHOD /path" of every /api/v1 operation in the OpenAPI document. */
    static Set<String> operations() {
        Map<String, Map<String, Object>> paths = RestAssured.given().get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Set<String> ops = new TreeSet<>();
        paths.forEach((path, methods) -> {
            if (path.startsWith("/api/v1/")) {
                methods.keySet().stream()
                        .filter(m -> Set.of("get", "put", "post", "delete", "patch").contains(m))
                        .forEach(m -> ops.add(m.toUpperCase(Locale.ROOT) + " " + path));
            }
        });
        return ops;
    }

    @Test
    void everyApiOperationHasARowAndEveryRequiredRowAnOperation() throws IOException {
        Set<String> ops = operations();
        List<Row> rows = rows();
        Set<String> covered = new TreeSet<>();
        rows.forEach(r -> covered.add(r.key()));
        assertThat(ops).as("operations without a row in identity/endpoint-roles.txt").isSubsetOf(covered);
        rows.stream().filter(r -> !r.optional())
                .forEach(r -> assertThat(ops).as("endpoint of a required row").contains(r.key()));
    }

    @Test
    void basicAuthMatrix() throws IOException {
        walk(role -> as(DEMO.get(role)));
    }

    @Test
    void bearerTokenMatrix() throws IOException {
        walk(role -> TestTokens.as("matrix-" + role.toLowerCase(Locale.ROOT), "办公室", role));
    }

    private void walk(Function<String, RequestSpecification> signedInAs) throws IOException {
        Set<String> ops = operations();
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Row row : rows()) {
            if (!ops.contains(row.key())) {
                continue; // an optional row whose endpoint is not part of this build
            }
            int anonymous = call(RestAssured.given(), row).statusCode();
            if (anonymous != 401) {
                failures.add(row.key() + " without credentials: " + anonymous + " (expected 401)");
            }
            for (String role : ROLES) {
                Response r = call(signedInAs.apply(role), row);
                int status = r.statusCode();
                boolean allowed = row.allowed().contains(role);
                if (allowed && (status == 401 || status == 403)) {
                    failures.add(row.key() + " as " + role + ": " + status + " (role is allowed) " + r.asString());
                } else if (!allowed && status != 403) {
                    failures.add(row.key() + " as " + role + ": " + status + " (expected 403)");
                }
                checked++;
            }
        }
        assertThat(failures).as("endpoint × role matrix").isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(14 * ROLES.size());
    }

    private static Response call(RequestSpecification spec, Row row) {
        RequestSpecification s = spec.redirects().follow(false);
        if (row.contentType().startsWith("multipart/")) {
            // a multipart form with one text field and no file: allowed callers get a 400-class answer
            s = s.contentType(row.contentType()).multiPart("probe", "matrix");
        } else if (!row.method().equals("GET") && !row.method().equals("DELETE")) {
            s = s.contentType(row.contentType()).body(row.body());
        }
        return s.request(row.method(), row.concretePath());
    }

    @Test
    void rowsAreWellFormed() throws IOException {
        Map<String, Row> byKey = new LinkedHashMap<>();
        for (Row r : rows()) {
            assertThat(byKey.put(r.key(), r)).as("duplicate row " + r.key()).isNull();
            assertThat(r.path()).startsWith("/api/v1/");
            assertThat(r.allowed()).isNotEmpty();
        }
    }
}
