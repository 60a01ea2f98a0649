package cn.disclosure.review.publish;

import cn.disclosure.review.intake.DraftFixtures;

import cn.disclosure.review.extract.TestFiles;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The publish gate binds exactly what goes online: one approved draft (text, a link, an image that
 * is an approved attachment) is sent to the gate in every shape an attacker or a careless CMS would
 * send it. Every change a reader or a machine could see is refused with its code; every
 * re-serialisation that changes nothing is allowed.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class PublishGateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TITLE = "关于开展全民健身活动的通知";
    private static byte[] poster;
    private static String posterSha;
    private static byte[] markedScan;

    /** The approved body; {id} is replaced by a marker unique to each draft. */
    private static final String BODY = "<p>各科室：</p>"
            + "<p>为丰富职工业余文化生活（{id}），定于下月举办<a href=\"https://www.example.gov.cn/files/notice.pdf\">健身活动</a>。</p>"
            + "<p><img src=\"/uploads/2026/poster.png\" width=\"600\"></p>"
            + "<p>请于周五前报送名单。</p>";

    private static String body;
    private static long draftId;

    @BeforeEach
    void approveOneDraftOnce() throws Exception {
        if (body != null) {
            return;
        }
        poster = TestFiles.png(TestFiles.picture(" "));
        posterSha = sha256(poster);
        markedScan = TestFiles.png(TestFiles.picture("机密★5年", "关于年度重点项目资金审计情况的报告"));
        Approved a = approved(BODY);
        body = a.body();
        draftId = a.id();
    }

    record Approved(long id, String body) {
    }

    /** An approved draft of {@code template} (poster.png attached), through the whole chain. */
    static Approved approved(String template) throws Exception {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String html = template.replace("{id}", marker);
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("title", TITLE);
        draft.put("channel", "WEBSITE");
        draft.put("body", html);
        JsonPath created = as("editor")
                .multiPart(new MultiPartSpecBuilder(JSON.writeValueAsString(draft)).controlName("draft")
                        .mimeType("application/json").charset("UTF-8").build())
                .multiPart("file", "poster.png", poster, "image/png")
                .post("/api/v1/drafts").then().statusCode(201).extract().jsonPath();
        long id = created.getLong("id");
        String hash = created.getString("contentHash");
        DraftFixtures.awaitInspection(id);
        JsonPath detail = as("office").get("/api/v1/drafts/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(detail.getString("current.inspection.verdict")).as("the approved body is publishable").isNotEqualTo("BLOCK");
        for (String role : detail.getList("current.chain.role", String.class)) {
            String who = switch (role) {
                case "DEPT_REVIEWER" -> "reviewer";
                case "SECRECY_OFFICE" -> "office";
                default -> "leader";
            };
            as(who).contentType(ContentType.JSON)
                    .body(Map.of("decision", "APPROVE", "contentHash", hash, "opinion", "同意发布", "justification", "已核实，可以公开"))
                    .post("/api/v1/drafts/" + id + "/decisions").then().statusCode(201);
        }
        return new Approved(id, html);
    }

    static JsonPath gate(Map<String, Object> request) {
        return as("cms").contentType(ContentType.JSON).body(request).post("/api/v1/publish-gate")
                .then().statusCode(200).extract().jsonPath();
    }

    static Map<String, Object> request(String content, Long draftId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", "WEBSITE");
        m.put("content", content);
        if (draftId != null) {
            m.put("draftId", draftId);
        }
        return m;
    }

    static List<String> codes(JsonPath answer) {
        return answer.getList("reasons.code", String.class);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static String dataUrl(String type, byte[] bytes) {
        return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    // ---- every class of change is refused with its code ----

    static Stream<Arguments> changes() {
        String html64 = Base64.getEncoder().encodeToString("<p>机密★5年 关于审计情况的报告</p>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Stream.of(
                // links
                Arguments.of("link to another site", swap("https://www.example.gov.cn/files/notice.pdf", "https://evil.example/notice.pdf"), List.of("link-changed")),
                Arguments.of("link to the intranet", swap("https://www.example.gov.cn/files/notice.pdf", "http://oa.intranet.invalid/内部/计划.docx"), List.of("link-changed")),
                Arguments.of("javascript: link", swap("https://www.example.gov.cn/files/notice.pdf", "javascript:alert(1)"), List.of("active-content", "link-changed")),
                Arguments.of("link added", swap("<p>请于周五前报送名单。</p>", "<p>请于周五前报送<a href=\"https://x.example/\">名单</a>。</p>"), List.of("link-changed")),
                Arguments.of("link removed", swap("<a href=\"https://www.example.gov.cn/files/notice.pdf\">健身活动</a>", "健身活动"), List.of("link-changed")),
                // media
                Arguments.of("image source changed", swap("/uploads/2026/poster.png", "/uploads/2026/scan.png"), List.of("media-changed")),
                Arguments.of("image removed", swap("<p><img src=\"/uploads/2026/poster.png\" width=\"600\"></p>", ""), List.of("media-changed")),
                Arguments.of("image swapped for an iframe", swap("<img src=\"/uploads/2026/poster.png\" width=\"600\">", "<iframe src=\"https://x.example/\"></iframe>"), List.of("active-content", "media-changed")),
                Arguments.of("image swapped for a video", swap("<img src=\"/uploads/2026/poster.png\" width=\"600\">", "<video src=\"/uploads/2026/poster.mp4\"></video>"), List.of("media-changed")),
                Arguments.of("image swapped for an object", swap("<img src=\"/uploads/2026/poster.png\" width=\"600\">", "<object data=\"/uploads/2026/poster.swf\"></object>"), List.of("active-content", "media-changed")),
                Arguments.of("image swapped for an embed", swap("<img src=\"/uploads/2026/poster.png\" width=\"600\">", "<embed src=\"/uploads/2026/poster.swf\">"), List.of("active-content", "media-changed")),
                Arguments.of("srcset added", swap("<img src=", "<img srcset=\"/uploads/2026/scan.png 2x\" src="), List.of("media-changed")),
                Arguments.of("picture with source added", swap("<img src=\"/uploads/2026/poster.png\" width=\"600\">", "<picture><source srcset=\"/uploads/2026/scan.png\"><img src=\"/uploads/2026/poster.png\" width=\"600\"></picture>"), List.of("media-changed")),
                Arguments.of("svg image", swap("<p>请于", "<svg><image href=\"https://x.example/scan.png\"/></svg><p>请于"), List.of("active-content")),
                // embedded documents
                Arguments.of("iframe srcdoc with a marking", swap("<p>请于", "<iframe srcdoc=\"&lt;p&gt;机密★5年 关于审计情况的报告&lt;/p&gt;\"></iframe><p>请于"), List.of("active-content", "new-finding")),
                Arguments.of("object with a data: document", swap("<p>请于", "<object data=\"data:text/html;base64," + html64 + "\"></object><p>请于"), List.of("active-content", "new-finding")),
                // CSS
                Arguments.of("CSS that adds text", swap("<p>各科室", "<style>p::before{content:\"机密★5年\"}</style><p>各科室"), List.of("active-content", "new-finding")),
                Arguments.of("CSS that hides an approved sentence", swap("<p>请于周五前报送名单。</p>", "<p style=\"display:none\">请于周五前报送名单。</p>"), List.of("active-content")),
                // active content
                Arguments.of("script", swap("<p>请于", "<script>document.write('x')</script><p>请于"), List.of("active-content")),
                Arguments.of("event handler", swap("<p>请于", "<p onmouseover=\"location='https://x.example'\">请于"), List.of("active-content")),
                Arguments.of("meta refresh", swap("<p>各科室", "<meta http-equiv=\"refresh\" content=\"0;url=https://x.example/\"><p>各科室"), List.of("active-content")),
                Arguments.of("base href", swap("<p>各科室", "<base href=\"https://x.example/\"><p>各科室"), List.of("active-content")),
                Arguments.of("form", swap("<p>请于", "<form action=\"https://x.example/\"><input name=\"q\"></form><p>请于"), List.of("active-content")),
                Arguments.of("stylesheet link", swap("<p>各科室", "<link rel=\"stylesheet\" href=\"https://x.example/a.css\"><p>各科室"), List.of("active-content")),
                // attributes
                Arguments.of("title attribute added", swap("<p>请于", "<p title=\"内部资料 注意保存\">请于"), List.of("content-changed", "new-finding")),
                Arguments.of("data attribute added", swap("<p>请于", "<p data-note=\"联系人 13812345678\">请于"), List.of("content-changed", "new-finding")),
                Arguments.of("alt attribute with a marking", swap("width=\"600\"", "width=\"600\" alt=\"机密★5年\""), List.of("media-changed", "new-finding")),
                Arguments.of("width changed", swap("width=\"600\"", "width=\"0\""), List.of("media-changed")),
                // comments and hidden elements
                Arguments.of("comment with a WARN finding", swap("<p>请于", "<!-- 内部资料 注意保存 --><p>请于"), List.of("content-changed", "new-finding")),
                Arguments.of("template", swap("<p>请于", "<template><p>秘密★1年</p></template><p>请于"), List.of("active-content", "new-finding")),
                Arguments.of("noscript", swap("<p>请于", "<noscript>内部资料</noscript><p>请于"), List.of("active-content", "new-finding")),
                Arguments.of("head title", swap("<p>各科室", "<html><head><title>机密★5年</title></head><body><p>各科室").andThen(s -> s + "</body></html>"), List.of("content-changed", "new-finding")),
                Arguments.of("hidden input", swap("<p>请于", "<input type=\"hidden\" value=\"内部资料\"><p>请于"), List.of("active-content", "new-finding")),
                // text
                Arguments.of("one character", swap("周五", "周四"), List.of("content-changed")),
                Arguments.of("a sentence added", swap("<p>请于周五前报送名单。</p>", "<p>请于周五前报送名单。</p><p>另附联系人名单。</p>"), List.of("content-changed"))
        );
    }

    interface Edit extends java.util.function.UnaryOperator<String> {
        default Edit andThen(java.util.function.UnaryOperator<String> next) {
            return s -> next.apply(apply(s));
        }
    }

    static Edit swap(String from, String to) {
        return s -> {
            assertThat(s).contains(from);
            return s.replace(from, to);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void everyChangeOfWhatGoesOnlineIsRefused(String what, Edit edit, List<String> expected) {
        JsonPath answer = gate(request(edit.apply(body), draftId));
        assertThat(answer.getBoolean("allowed")).as(what).isFalse();
        assertThat(codes(answer)).as(what).containsAll(expected);
        assertThat(answer.getList("reminders", String.class)).isNotEmpty();
    }

    @Test
    void aDataUriImageThatIsAScanOfAMarkedPageIsReadAndRefused() {
        String content = body.replace("<p>请于", "<p><img src=\"" + dataUrl("image/png", markedScan) + "\"></p><p>请于");
        JsonPath answer = gate(request(content, draftId));
        assertThat(answer.getBoolean("allowed")).isFalse();
        assertThat(codes(answer)).contains("media-changed", "new-finding");
        assertThat(answer.getString("reasons.find { it.code == 'new-finding' }.message")).contains("ocr");
    }

    @Test
    void theChangedLinkIsFoundWithoutADraftIdTooAndTheDiffShowsIt() {
        JsonPath answer = gate(request(swap("https://www.example.gov.cn/files/notice.pdf", "https://evil.example/n.pdf").apply(body), null));
        assertThat(answer.getBoolean("allowed")).isFalse();
        assertThat(codes(answer)).containsExactly("link-changed");
        assertThat(answer.getLong("draftId")).isEqualTo(draftId);
        assertThat(answer.getString("diff[0].kind")).isEqualTo("link");
        assertThat(answer.getString("diff[0].approved")).contains("https://www.example.gov.cn/files/notice.pdf");
        assertThat(answer.getString("diff[0].sent")).contains("https://evil.example/n.pdf");
    }

    @Test
    void aDifferentTitleOrExcerptIsRefused() {
        Map<String, Object> r = request(body, draftId);
        r.put("title", "机密★5年 " + TITLE);
        JsonPath answer = gate(r);
        assertThat(codes(answer)).contains("title-changed", "new-finding");
        assertThat(answer.getString("diff.find { it.kind == 'title' }.approved")).isEqualTo(TITLE);

        Map<String, Object> e = request(body, draftId);
        e.put("excerpt", "秘密★1年 本通知仅限内部传阅");
        assertThat(codes(gate(e))).contains("excerpt-changed", "new-finding");
    }

    @Test
    void aDeclaredFileThatIsNotAnApprovedAttachmentIsRefused() throws Exception {
        Map<String, Object> r = request(body, draftId);
        r.put("media", List.of(Map.of("url", "/uploads/2026/poster.png", "sha256", sha256(markedScan))));
        assertThat(codes(gate(r))).containsExactly("media-changed");
    }

    @Test
    void malformedMediaIsABadRequest() {
        Map<String, Object> r = request(body, draftId);
        r.put("media", List.of(Map.of("url", "/a.png", "sha256", "xyz")));
        as("cms").contentType(ContentType.JSON).body(r).post("/api/v1/publish-gate").then().statusCode(400)
                .body("code", equalTo("media-invalid"));
    }

    @Test
    void eachDeclaredMediaFileIsValidatedToo() {
        Map<String, Object> r = request(body, draftId);
        r.put("media", List.of(Map.of("url", "/" + "a".repeat(2000) + ".png", "sha256", "0".repeat(64))));
        as("cms").contentType(ContentType.JSON).body(r).post("/api/v1/publish-gate").then().statusCode(400)
                .body("code", equalTo("invalid-input"))
                .body("fields[0].field", org.hamcrest.Matchers.startsWith("media"));
    }

    // ---- re-serialisations are allowed ----

    static Stream<Arguments> reSerialisations() {
        return Stream.of(
                Arguments.of("tags upper-cased, attributes reordered and unquoted, entities, reflowed with <br>",
                        (Edit) s -> s.replace("<p>各科室：</p><p>", "<P>各科室&#65306;<BR>").replace("。</p><p><img src=\"/uploads/2026/poster.png\" width=\"600\"></p>",
                                "&#12290;</P>\n\n<p>\n  <IMG WIDTH=600 SRC='/uploads/2026/poster.png' loading=lazy decoding=async />\n</p>")),
                Arguments.of("WordPress block markup",
                        (Edit) s -> "<!-- wp:paragraph -->\n" + s.replace("</p><p>", "</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>")
                                + "\n<!-- /wp:paragraph -->"),
                Arguments.of("full-width indentation and no-break spaces",
                        (Edit) s -> s.replace("<p>为", "<p>&#12288;&#12288;为").replace("。</p><p>请", "。&nbsp;</p><p>请"))
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reSerialisations")
    void reSerialisationsAreAllowed(String what, Edit edit) throws Exception {
        Approved a = approved(BODY);
        JsonPath answer = gate(request(edit.apply(a.body()), a.id()));
        assertThat(answer.getBoolean("allowed")).as(what + ": " + answer.getList("reasons")).isTrue();
        assertThat(answer.getLong("publicationId")).isPositive();
    }

    @Test
    void aCmsRewrittenImageUrlIsAllowedWhenItsDeclaredFileIsTheApprovedAttachment() throws Exception {
        Approved a = approved(BODY);
        String rewritten = a.body().replace("/uploads/2026/poster.png", "https://cdn.example.gov.cn/wp-content/uploads/2026/12/poster-1.png");
        Map<String, Object> r = request(rewritten, a.id());
        r.put("title", "  " + TITLE + " ");
        r.put("excerpt", "各科室：为丰富职工业余文化生活 […]");
        r.put("url", "https://www.example.gov.cn/2026/12/notice/");
        r.put("media", List.of(Map.of("url", "https://cdn.example.gov.cn/wp-content/uploads/2026/12/poster-1.png", "sha256", posterSha)));
        JsonPath answer = gate(r);
        assertThat(answer.getBoolean("allowed")).as(String.valueOf(answer.getList("reasons"))).isTrue();
    }

    @Test
    void aRootRelativeUrlMadeAbsoluteOnTheSiteItIsPublishedToIsAllowed() throws Exception {
        Approved a = approved(BODY);
        Map<String, Object> r = request(a.body().replace("\"/uploads/2026/poster.png\"", "\"https://www.example.gov.cn/uploads/2026/poster.png\""), a.id());
        r.put("url", "https://www.example.gov.cn/2026/12/notice/");
        assertThat(gate(r).getBoolean("allowed")).isTrue();
        // on another site the same absolute URL is another file
        Approved b = approved(BODY);
        Map<String, Object> s = request(b.body().replace("\"/uploads/2026/poster.png\"", "\"https://evil.example/uploads/2026/poster.png\""), b.id());
        s.put("url", "https://www.example.gov.cn/2026/12/notice/");
        assertThat(codes(gate(s))).contains("media-changed");
    }

    // ---- a live item: unchanged saves pass, changes and withdrawals are recorded ----

    @Test
    void aLiveItemSavedUnchangedIsAllowedOnceRecordedAndAChangeIsRefused() throws Exception {
        Approved a = approved(BODY);
        JsonPath first = gate(request(a.body(), a.id()));
        assertThat(first.getBoolean("allowed")).isTrue();
        long publicationId = first.getLong("publicationId");

        Map<String, Object> resave = request("<!-- wp:paragraph -->" + a.body(), null);
        resave.put("publicationId", publicationId);
        JsonPath unchanged = gate(resave);
        assertThat(unchanged.getBoolean("allowed")).isTrue();
        assertThat(unchanged.getBoolean("unchanged")).isTrue();
        assertThat(unchanged.getLong("publicationId")).isEqualTo(publicationId);

        Map<String, Object> edited = request(a.body().replace("<p>请于", "<p><img src=\"/uploads/2026/new.png\"></p><p>请于"), null);
        edited.put("publicationId", publicationId);
        JsonPath refused = gate(edited);
        assertThat(refused.getBoolean("allowed")).isFalse();
        assertThat(codes(refused)).contains("already-published", "media-changed");

        // the CMS takes the post offline: a withdrawal is recorded; republishing needs a new review
        as("cms").contentType(ContentType.JSON).body(Map.of("reason", "内容管理系统：文章已撤下"))
                .post("/api/v1/publications/" + publicationId + "/withdrawal").then().statusCode(201);
        JsonPath again = gate(resave);
        assertThat(again.getBoolean("allowed")).isFalse();
        assertThat(codes(again)).contains("withdrawn");
    }

    @Test
    void aCmsCannotWithdrawWhatAnEditorRegistered() throws Exception {
        Approved a = approved(BODY);
        long id = as("editor").contentType(ContentType.JSON).body(Map.of("channel", "WEBSITE"))
                .post("/api/v1/drafts/" + a.id() + "/publications").then().statusCode(201).extract().jsonPath().getLong("publicationId");
        as("cms").contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .post("/api/v1/publications/" + id + "/withdrawal").then().statusCode(403);
    }

    @Test
    void theGateShowsNoTextOfADraftStillInReview() throws Exception {
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("title", "内部审阅中的稿件");
        draft.put("channel", "WEBSITE");
        draft.put("body", "<p>尚在审查中的正文（" + UUID.randomUUID() + "）。</p>");
        long id = as("editor").contentType(ContentType.JSON).body(draft).post("/api/v1/drafts").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        Map<String, Object> probe = request("<p>x</p>", id);
        probe.put("title", "x");
        JsonPath answer = gate(probe);
        assertThat(answer.getBoolean("allowed")).isFalse();
        assertThat(codes(answer)).contains("in-review", "content-changed", "title-changed");
        assertThat(answer.getList("diff")).isNull();
        assertThat(answer.prettify()).doesNotContain("尚在审查中").doesNotContain("内部审阅中的稿件");
    }

    @Test
    void activeContentIsAFindingOnTheDraftThatBlocksApproval() {
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("title", "带脚本的稿件");
        draft.put("channel", "WEBSITE");
        draft.put("body", "<p>正文</p><script>track()</script>");
        JsonPath created = as("editor").contentType(ContentType.JSON).body(draft).post("/api/v1/drafts").then().statusCode(201)
                .extract().jsonPath();
        assertThat(created.getString("inspection.verdict")).isEqualTo("BLOCK");
        assertThat(created.getList("inspection.findings.category", String.class)).contains("ACTIVE_CONTENT");
        assertThat(created.getList("inspection.findings.rule", String.class)).contains("active-content.script");
    }

    @Test
    void wordPressBlockDelimitersAreNotHiddenContent() {
        Map<String, Object> draft = new LinkedHashMap<>();
        draft.put("title", "区块编辑器稿件");
        draft.put("channel", "WEBSITE");
        draft.put("body", "<!-- wp:paragraph {\"align\":\"center\"} -->\n<p class=\"has-text-align-center\">各科室：请按时参加（"
                + UUID.randomUUID() + "）。</p>\n<!-- /wp:paragraph -->");
        JsonPath created = as("editor").contentType(ContentType.JSON).body(draft).post("/api/v1/drafts").then().statusCode(201)
                .extract().jsonPath();
        assertThat(created.getString("inspection.verdict")).isEqualTo("PASS");
        assertThat(created.getList("chain", String.class)).containsExactly("DEPT_REVIEWER", "SECRECY_OFFICE");
    }

    @Test
    void everyRefusalIsAuditedWithItsCodesAndNoContent() throws Exception {
        gate(request(swap("周五", "周六").apply(body), draftId));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
             java.sql.PreparedStatement q = c.prepareStatement("select actor, details from audit_entry"
                     + " where action = 'PUBLISH_GATE_REFUSED' and subject_id = ? order by seq desc limit 1")) {
            q.setString(1, Long.toString(draftId));
            try (java.sql.ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("actor")).isEqualTo("cms");
                assertThat(rs.getString("details")).contains("content-changed").doesNotContain("周六").doesNotContain("各科室");
            }
        }
        as("admin").get("/api/v1/audit/verify").then().statusCode(200).body("ok", equalTo(true));
    }
}
