package cn.disclosure.review.web;

import cn.disclosure.review.intake.DraftFixtures;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every /api/v1 input, attacked: over-long values, NUL characters, wrong JSON types, truncated and
 * malformed JSON, wrong content types. Each answer must be a 4xx problem+json with a code — never a
 * 500, never an empty body — and nothing is stored.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class InputFuzzTest {
    private static final String NUL = "前\u0000后";

    /** Values Jackson cannot turn into the field's type (a number would be coerced to a String, so none here). */
    private static List<Object> wrongTypes(Object valid) {
        if (valid instanceof String) {
            return List.of(Map.of("x", 1), List.of(1, 2));
        }
        if (valid instanceof List) {
            return List.of(Map.of("x", 1), "text");
        }
        return List.of(Map.of("x", 1), List.of(1, 2), "not-a-value");
    }

    /** One JSON endpoint: who calls it, where, a body it accepts, and the column limits of its string fields. */
    record Endpoint(String user, String method, String path, Map<String, Object> valid, Map<String, Object> limits) {
    }

    private long draftId;
    private String contentHash;

    @BeforeEach
    void aDraftInReview() {
        JsonPath created = DraftFixtures.submitClean(DraftFixtures.unique(DraftFixtures.CLEAN));
        draftId = created.getLong("id");
        contentHash = created.getString("contentHash");
    }

    private List<Endpoint> endpoints() {
        List<Endpoint> out = new ArrayList<>();
        out.add(new Endpoint("editor", "POST", "/api/v1/drafts",
                map("title", "通知", "channel", "WEBSITE", "body", "正文", "docNumber", "办〔2026〕1号",
                        "plannedUrl", "https://www.example.gov.cn/a.html", "plannedAt", "2026-12-01", "department", "办公室",
                        "keepAttachments", List.of(), "submit", true),
                map("title", 500, "channel", 30, "docNumber", 200, "plannedUrl", 2000, "plannedAt", 64, "department", 100)));
        out.add(new Endpoint("editor", "PUT", "/api/v1/drafts/" + draftId,
                map("title", "通知（修订）", "body", "正文", "docNumber", "办〔2026〕2号", "plannedUrl", "https://www.example.gov.cn/b.html",
                        "keepAttachments", List.of(), "submit", true),
                map("title", 500, "docNumber", 200, "plannedUrl", 2000)));
        out.add(new Endpoint("reviewer", "POST", "/api/v1/drafts/" + draftId + "/decisions",
                map("decision", "RETURN", "opinion", "请修改", "contentHash", contentHash, "justification", "理由", "step", 1),
                map("decision", 20, "opinion", 10000, "contentHash", 64, "justification", 10000)));
        out.add(new Endpoint("cms", "POST", "/api/v1/publish-gate",
                map("channel", "WEBSITE", "content", "未经审查的内容", "url", "https://www.example.gov.cn/c.html", "draftId", 987654321L),
                map("channel", 30, "url", 2000)));
        out.add(new Endpoint("editor", "POST", "/api/v1/drafts/" + draftId + "/publications",
                map("channel", "WEBSITE", "url", "https://www.example.gov.cn/d.html"),
                map("channel", 30, "url", 2000)));
        out.add(new Endpoint("editor", "POST", "/api/v1/publications/987654321/withdrawal",
                map("reason", "撤稿原因"), map("reason", 2000)));
        out.add(new Endpoint("cms", "POST", "/api/v1/check",
                map("channel", "WEBSITE", "text", "正文", "title", "标题"), map("channel", 30, "title", 500)));
        out.add(new Endpoint("cms", "POST", "/api/v1/webhooks",
                map("channel", "WEIBO", "url", "http://127.0.0.1:9/fuzz", "secret", "a-secret-of-the-fuzz-test-0123"),
                map("channel", 30, "url", 2000, "secret", 200)));
        return out;
    }

    @Test
    void jsonFieldsOverLongWithNulOrOfTheWrongTypeAreRefused() {
        for (Endpoint e : endpoints()) {
            for (String field : e.valid().keySet()) {
                if (e.valid().get(field) instanceof String) {
                    expectProblem(e, with(e.valid(), field, NUL), "nul-character", field + " = NUL");
                }
                for (Object wrong : wrongTypes(e.valid().get(field))) {
                    expectProblem(e, with(e.valid(), field, wrong), null, field + " = " + wrong);
                }
            }
            e.limits().forEach((field, max) -> expectProblem(e, with(e.valid(), field, "长".repeat((Integer) max + 1)), null, field + " over " + max));
        }
        assertNothingStoredWithNul();
    }

    @Test
    void malformedBodiesAndWrongContentTypesAreRefused() {
        List<String> bodies = List.of("{\"title\": \"截断", "{\"title\": }", "{", "[]", "[1,2]", "\"text\"", "123", "true",
                "{\"title\": \"a\" \"channel\": \"b\"}", "{'title': 'x'}", "{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}",
                "{\"title\": \"\\ud800\"}", "{\"title\": \"a\\udc00b\"}", "{\"title\": \"\\u0000\"}");
        for (Endpoint e : endpoints()) {
            for (String body : bodies) {
                Response r = request(as(e.user()).contentType(ContentType.JSON).body(body), e);
                assertProblem(r, null, e.method() + " " + e.path() + " body " + abbreviate(body));
            }
            // bytes that are not UTF-8
            Response r = request(as(e.user()).contentType("application/json; charset=UTF-8")
                    .body(new byte[]{'{', '"', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}), e);
            assertProblem(r, null, e.method() + " " + e.path() + " invalid UTF-8");
            // a content type the endpoint does not take
            for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
                Response wrong = request(as(e.user()).contentType(type).body("title=x"), e);
                assertProblem(wrong, null, e.method() + " " + e.path() + " as " + type);
            }
        }
    }

    @Test
    void multipartDraftsAndChecksAreGuardedToo() {
        // the draft part: NUL, over-long, malformed, missing
        assertProblem(multipartDraft(Map.of("title", NUL, "channel", "WEBSITE", "body", "正文")), "nul-character", "draft part NUL");
        assertProblem(multipartDraft(Map.of("title", "长".repeat(501), "channel", "WEBSITE", "body", "正文")), "invalid-input", "draft part title");
        assertProblem(multipartDraft(Map.of("title", "通知", "channel", "WEBSITE", "body", "正文", "docNumber", "号".repeat(201))),
                "invalid-input", "draft part docNumber");
        assertProblem(as("editor").multiPart(new MultiPartSpecBuilder("{\"title\": \"截断").controlName("draft")
                .mimeType("application/json").charset(StandardCharsets.UTF_8).build()).post("/api/v1/drafts"), "malformed-json", "truncated draft part");
        assertProblem(as("editor").multiPart("file", "a.txt", "附件".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/api/v1/drafts"), "draft-required", "no draft part");
        // an attachment whose declared content type does not fit the column
        assertProblem(as("editor").multiPart(new MultiPartSpecBuilder(Map.of("title", "通知", "channel", "WEBSITE", "body", "正文"))
                        .controlName("draft").mimeType("application/json").charset(StandardCharsets.UTF_8).build())
                .multiPart("file", "a.txt", "附件".getBytes(StandardCharsets.UTF_8), "text/plain; x=" + "y".repeat(300))
                .post("/api/v1/drafts"), "invalid-input", "long attachment content type");
        // a multipart body cut off in the middle
        Response cut = as("editor").contentType("multipart/form-data; boundary=XyZ")
                .body("--XyZ\r\nContent-Disposition: form-data; name=\"draft\"\r\nContent-Type: application/json\r\n\r\n{\"title\":\"通"
                        .getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/drafts");
        assertProblem(cut, null, "truncated multipart");
        Response noBoundary = as("editor").contentType("multipart/form-data").body("garbage".getBytes(StandardCharsets.UTF_8)).post("/api/v1/drafts");
        assertProblem(noBoundary, null, "multipart without boundary");

        // the check form fields
        assertProblem(as("cms").multiPart("channel", "WEBSITE").multiPart("text", NUL).post("/api/v1/check"), "nul-character", "check text");
        assertProblem(as("cms").multiPart("channel", "W".repeat(31)).multiPart("text", "正文").post("/api/v1/check"), "invalid-input", "check channel");
        assertProblem(as("cms").multiPart("channel", "WEBSITE").multiPart("title", "标".repeat(501)).multiPart("text", "正文")
                .post("/api/v1/check"), "invalid-input", "check title");
        assertNothingStoredWithNul();
    }

    @Test
    void queryAndPathParametersAndTextBodiesAreGuarded() {
        String nul = "%00";
        for (String url : List.of("/api/v1/register?department=" + nul, "/api/v1/register?channel=" + nul, "/api/v1/register?from=" + nul,
                "/api/v1/drafts?department=" + nul, "/api/v1/drafts?state=" + nul, "/api/v1/reviews/queue?channel=" + nul,
                "/api/v1/reminders?channel=" + nul, "/api/v1/lexicons/a" + nul + "b")) {
            String user = url.contains("reviews") ? "office" : url.contains("lexicons") ? "admin" : url.contains("reminders") ? "cms" : "office";
            assertProblem(as(user).urlEncodingEnabled(false).get(url), "nul-character", url);
        }
        for (String url : List.of("/api/v1/register?from=yesterday", "/api/v1/register?to=2026-13-45", "/api/v1/register?channel=FAX",
                "/api/v1/register?format=pdf", "/api/v1/drafts?state=LOST", "/api/v1/drafts?channel=FAX",
                "/api/v1/reviews/queue?verdict=MAYBE", "/api/v1/drafts?limit=abc", "/api/v1/drafts/abc",
                "/api/v1/drafts/99999999999999999999", "/api/v1/drafts/1/revisions/x")) {
            String user = url.contains("reviews") ? "office" : "office";
            Response r = as(user).get(url);
            assertThat(r.statusCode()).as(url).isNotEqualTo(200);
            assertProblem(r, null, url);
        }
        // a long filter value is harmless: nothing matches
        as("office").get("/api/v1/register?department=" + "部".repeat(300)).then().statusCode(200);
        long webhook = as("cms").contentType(ContentType.JSON).body(map("channel", "WEIBO", "url", "http://127.0.0.1:9/q"))
                .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath().getLong("id");
        try {
            assertProblem(as("cms").get("/api/v1/webhooks/" + webhook + "/deliveries?status=LOST"), "unknown-delivery-status", "status");
            assertProblem(as("cms").urlEncodingEnabled(false).get("/api/v1/webhooks/" + webhook + "/deliveries?status=%00"), "nul-character", "status NUL");
            assertProblem(as("cms").get("/api/v1/webhooks/" + webhook + "/deliveries?limit=lots"), null, "limit");
        } finally {
            as("cms").delete("/api/v1/webhooks/" + webhook).then().statusCode(204);
        }
        // a lexicon body with NUL, one that is not UTF-8, and a name too long for the column
        assertProblem(as("admin").contentType("text/tab-separated-values").body("词条\u0000\tWARN\n").put("/api/v1/lexicons/fuzz"),
                "nul-character", "lexicon NUL");
        assertProblem(as("admin").contentType("text/tab-separated-values").body("x".repeat(10)).put("/api/v1/lexicons/" + "n".repeat(65)),
                null, "lexicon name");
        assertProblem(as("admin").contentType("application/json").body("{}").put("/api/v1/lexicons/fuzz"), null, "lexicon as JSON");
    }

    @Test
    void anAccountWithoutDepartmentListsNothingInsteadOfFailing() {
        // a bearer token without a department claim: department-bound lists are empty, not a database error
        cn.disclosure.review.identity.TestTokens.as("editor-without-department", null, "EDITOR").get("/api/v1/drafts")
                .then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(0));
        cn.disclosure.review.identity.TestTokens.as("reviewer-without-department", null, "DEPT_REVIEWER").get("/api/v1/register")
                .then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(0));
    }

    // ---- helpers ----

    private Response multipartDraft(Map<String, Object> draft) {
        return as("editor").multiPart(new MultiPartSpecBuilder(draft).controlName("draft").mimeType("application/json")
                .charset(StandardCharsets.UTF_8).build()).post("/api/v1/drafts");
    }

    private static void expectProblem(Endpoint e, Map<String, Object> body, String code, String what) {
        Response r = request(as(e.user()).contentType(ContentType.JSON).body(body), e);
        assertProblem(r, code, e.method() + " " + e.path() + " " + what);
    }

    private static Response request(RequestSpecification spec, Endpoint e) {
        return e.method().equals("PUT") ? spec.put(e.path()) : spec.post(e.path());
    }

    /** A 4xx answer with a problem+json body carrying a code (the given one, when not null). */
    static void assertProblem(Response r, String code, String what) {
        String body = r.asString();
        assertThat(r.statusCode()).as(what + " → " + body).isBetween(400, 499);
        assertThat(r.contentType()).as(what + " content type").startsWith("application/problem+json");
        String got = JsonPath.from(body).getString("code");
        assertThat(got).as(what + " code").isNotBlank();
        if (code != null) {
            assertThat(got).as(what + " → " + body).isEqualTo(code);
        }
        assertThat(body).as(what + ": no internals").doesNotContain("Exception").doesNotContain("at cn.").doesNotContain("org.");
    }

    private static void assertNothingStoredWithNul() {
        try (var c = java.sql.DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
             var s = c.prepareStatement("select count(*) from draft where title like '前%后' or doc_number like '前%后'")) {
            try (var rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        } catch (java.sql.SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static Map<String, Object> with(Map<String, Object> base, String field, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.put(field, value);
        return m;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
