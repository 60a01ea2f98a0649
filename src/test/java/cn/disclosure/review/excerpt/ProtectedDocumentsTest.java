package cn.disclosure.review.excerpt;

import cn.disclosure.review.intake.DraftFixtures;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.disclosure.review.support.Accounts.anonymous;
import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protected documents over HTTP against the real database: registration by text and by file, the
 * EXCERPT finding in checks, drafts and the gate (繁体, full-width and punctuation do not hide it),
 * the 30-letter threshold, deletion, roles, boilerplate from published items, and that nothing of
 * a protected text reaches the database, the list or the audit log.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class ProtectedDocumentsTest {
    /** The part drafts quote (61 letters). */
    static final String QUOTED = "边境巡逻路线调整为沿河北岸向东推进12公里，每日零时与6时各交接一次，联络频率为4752兆赫，口令每周一更换。";
    /** The part nobody quotes: must never be found anywhere in the database. */
    static final String NEVER_QUOTED = "备用集结地点设在老鹰嘴水库东侧林场，紧急情况下由第三分队负责转移全部密码本和通信器材。";
    /** 40 letters of QUOTED in 繁體, with full-width digits and other punctuation. */
    static final String QUOTE_40 = "邊境巡邏路線調整為：沿河北岸向東推進１２公里——每日零時與６時各交接一次；聯絡頻率為４７";
    /** The first 29 letters of QUOTED in the same disguise. */
    static final String QUOTE_29 = "邊境巡邏路線調整為：沿河北岸向東推進１２公里——每日零時與６時各";

    @Inject
    EntityManager em;

    @AfterEach
    void removeEverythingRegistered() {
        for (Object id : as("admin").get("/api/v1/protected-documents").then().statusCode(200).extract().jsonPath().getList("id")) {
            as("admin").delete("/api/v1/protected-documents/" + id).then().statusCode(204);
        }
    }

    private static JsonPath register(String who, String title, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("level", "机密");
        m.put("text", text);
        return as(who).contentType(ContentType.JSON).body(m).post("/api/v1/protected-documents")
                .then().statusCode(201).extract().jsonPath();
    }

    private static JsonPath check(String text) {
        return as("editor").contentType(ContentType.JSON).body(Map.of("text", text, "channel", "WEBSITE"))
                .post("/api/v1/check").then().statusCode(200).extract().jsonPath();
    }

    private static List<Map<String, Object>> excerpts(JsonPath result, String prefix) {
        List<Map<String, Object>> all = result.getList(prefix + "findings");
        return all.stream().filter(f -> "EXCERPT".equals(f.get("category"))).toList();
    }

    @Test
    void aDraftQuotingFortyLettersInTraditionalFullWidthAndOtherPunctuationIsBlocked() {
        JsonPath doc = register("office", "边境勤务安排（2026）", QUOTED + NEVER_QUOTED);
        long id = doc.getLong("id");
        assertThat(doc.getString("title")).isEqualTo("边境勤务安排（2026）");
        assertThat(doc.getString("level")).isEqualTo("机密");
        assertThat(doc.getInt("characters")).isEqualTo(letters(QUOTED + NEVER_QUOTED));
        assertThat(doc.getInt("fingerprints")).isPositive();
        assertThat(doc.getMap("$").keySet()).doesNotContain("text");

        String body = "本站讯 近日，有关部门通报：" + QUOTE_40 + "。以上安排自下月起执行。";
        JsonPath created = DraftFixtures.submit(as("editor"), DraftFixtures.draft(DraftFixtures.unique("边境动态"), body))
                .statusCode(201).extract().jsonPath();
        long draftId = created.getLong("id");
        DraftFixtures.awaitInspection(draftId);
        JsonPath draft = as("office").get("/api/v1/drafts/" + draftId).then().statusCode(200).extract().jsonPath();
        assertThat(draft.getString("current.inspection.verdict")).isEqualTo("BLOCK");
        List<Map<String, Object>> found = excerpts(draft, "current.inspection.");
        assertThat(found).hasSize(1);
        Map<String, Object> f = found.get(0);
        assertThat(f.get("severity")).isEqualTo("BLOCK");
        assertThat(f.get("part")).isEqualTo("body");
        assertThat((String) f.get("message")).contains("边境勤务安排（2026）").contains("编号 " + id);
        int start = (Integer) f.get("start");
        int end = (Integer) f.get("end");
        int at = body.indexOf(QUOTE_40);
        assertThat(start).isEqualTo(at);
        assertThat(end).isEqualTo(at + QUOTE_40.length());
        assertThat(f.get("matched")).isEqualTo(QUOTE_40);
        // a BLOCK cannot be approved
        DraftFixtures.approve(as("reviewer"), draftId, created.getString("contentHash")).statusCode(409);

        // the publish gate refuses the same passage (no draft behind it)
        assertThat(DraftFixtures.gate("WEBSITE", "<p>" + QUOTE_40 + "</p>", null).extract().jsonPath().getBoolean("allowed")).isFalse();

        // the review page names the source document
        io.restassured.filter.cookie.CookieFilter cookies = new io.restassured.filter.cookie.CookieFilter();
        io.restassured.RestAssured.given().filter(cookies).redirects().follow(false).get("/login").then().statusCode(200);
        io.restassured.RestAssured.given().filter(cookies).redirects().follow(false)
                .formParam("j_username", "editor").formParam("j_password", "editor")
                .post("/j_security_check").then().statusCode(302);
        String page = io.restassured.RestAssured.given().filter(cookies).get("/ui/drafts/" + draftId)
                .then().statusCode(200).extract().asString();
        assertThat(page).contains("摘录受保护文件").contains("来源受保护文件：<strong>《边境勤务安排（2026）》（编号 " + id + "）</strong>");
    }

    @Test
    void twentyNineSharedLettersAreNotAnExcerptThirtyAre() {
        register("admin", "勤务安排", QUOTED + NEVER_QUOTED);
        // 29 letters of QUOTED, then letters QUOTED does not continue with
        JsonPath r = check("据了解，" + QUOTE_29 + "均有专人值守，请广大群众配合。");
        assertThat(excerpts(r, "")).isEmpty();
        // one letter more (交) makes 30
        JsonPath r30 = check("据了解，" + QUOTE_29 + "交替有专人值守，请广大群众配合。");
        assertThat(excerpts(r30, "")).hasSize(1);
        assertThat(r30.getString("verdict")).isEqualTo("BLOCK");
    }

    @Test
    void aDeletedDocumentNoLongerBlocksAndTheListNeverShowsText() {
        long id = register("office", "勤务安排", QUOTED + NEVER_QUOTED).getLong("id");
        assertThat(excerpts(check(QUOTE_40), "")).hasSize(1);

        String list = as("office").get("/api/v1/protected-documents").then().statusCode(200).extract().asString();
        JsonPath listed = JsonPath.from(list);
        assertThat(listed.getList("id")).contains((int) id);
        assertThat(listed.getMap("[0]").keySet()).containsExactlyInAnyOrder("id", "title", "level", "characters",
                "fingerprints", "common", "registeredBy", "registeredAt", "keyMismatch");
        assertNoFragmentOf(QUOTED + NEVER_QUOTED, list);

        as("office").delete("/api/v1/protected-documents/" + id).then().statusCode(204);
        assertThat(excerpts(check(QUOTE_40), "")).isEmpty();
        as("office").delete("/api/v1/protected-documents/" + id).then().statusCode(404);
    }

    @Test
    void onlyTheSecrecyOfficeAndAdminsManageProtectedDocuments() {
        Map<String, Object> m = Map.of("title", "勤务安排", "text", QUOTED);
        for (String who : new String[]{"editor", "reviewer", "leader", "cms"}) {
            as(who).contentType(ContentType.JSON).body(m).post("/api/v1/protected-documents").then().statusCode(403);
            as(who).get("/api/v1/protected-documents").then().statusCode(403);
            as(who).delete("/api/v1/protected-documents/1").then().statusCode(403);
        }
        anonymous().contentType(ContentType.JSON).body(m).post("/api/v1/protected-documents").then().statusCode(401);
        assertThat(as("admin").get("/api/v1/protected-documents").then().statusCode(200).extract().jsonPath().getList("id")).isEmpty();
    }

    @Test
    void badInputIsAProblemNotAnError() {
        as("office").contentType(ContentType.JSON).body(Map.of("title", "短", "text", "只有十来个字的短文本而已。"))
                .post("/api/v1/protected-documents").then().statusCode(400)
                .contentType("application/problem+json").body("code", org.hamcrest.Matchers.equalTo("protected-text-too-short"));
        as("office").contentType(ContentType.JSON).body(Map.of("text", QUOTED))
                .post("/api/v1/protected-documents").then().statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("invalid-title"));
        as("office").contentType(ContentType.JSON).body("{").post("/api/v1/protected-documents").then().statusCode(400);
        as("office").delete("/api/v1/protected-documents/abc").then().statusCode(404);
    }

    @Test
    void aTextFileAndAWordFileAreReadLikeSubmissionsAndThenDropped() throws Exception {
        JsonPath txt = as("office").multiPart("file", "secret.txt", (QUOTED + NEVER_QUOTED).getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart(new MultiPartSpecBuilder("文本文件").controlName("title").charset(StandardCharsets.UTF_8).build())
                .post("/api/v1/protected-documents").then().statusCode(201).extract().jsonPath();
        assertThat(txt.getString("title")).isEqualTo("文本文件");
        assertThat(txt.getInt("characters")).isEqualTo(letters(QUOTED + NEVER_QUOTED));
        List<Map<String, Object>> found = excerpts(check(QUOTE_40), "");
        assertThat(found).hasSize(1);
        assertThat((String) found.get(0).get("message")).contains("《文本文件》");
        as("office").delete("/api/v1/protected-documents/" + txt.getLong("id")).then().statusCode(204);

        byte[] docx;
        try (XWPFDocument d = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            d.createParagraph().createRun().setText("会议纪要");
            d.createParagraph().createRun().setText(QUOTED);
            d.createParagraph().createRun().setText(NEVER_QUOTED);
            d.write(out);
            docx = out.toByteArray();
        }
        JsonPath word = as("admin").multiPart("file", "minutes.docx", docx,
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                .multiPart(new MultiPartSpecBuilder("会议纪要（Word）").controlName("title").charset(StandardCharsets.UTF_8).build())
                .multiPart(new MultiPartSpecBuilder("秘密").controlName("level").charset(StandardCharsets.UTF_8).build())
                .post("/api/v1/protected-documents").then().statusCode(201).extract().jsonPath();
        assertThat(word.getString("level")).isEqualTo("秘密");
        found = excerpts(check("转发：" + QUOTE_40), "");
        assertThat(found).hasSize(1);
        assertThat((String) found.get(0).get("message")).contains("《会议纪要（Word）》");

        as("office").multiPart(new MultiPartSpecBuilder("无文件").controlName("title").charset(StandardCharsets.UTF_8).build())
                .post("/api/v1/protected-documents").then().statusCode(400);
    }

    @Test
    void nothingOfTheProtectedTextIsInTheDatabaseOrTheAuditLog() {
        long id = register("office", "勤务安排", QUOTED + NEVER_QUOTED).getLong("id");
        check(QUOTE_40);
        List<String> tables = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'")
                .getResultList());
        assertThat(tables).contains("protected_document", "protected_fingerprint", "protected_run", "audit_entry");
        for (int i = 0; i + 6 <= NEVER_QUOTED.length(); i += 3) {
            String fragment = NEVER_QUOTED.substring(i, i + 6);
            for (String table : tables) {
                long n = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "select count(*) from " + table + " t where t::text like :f").setParameter("f", "%" + fragment + "%")
                        .getSingleResult()).longValue());
                assertThat(n).as("rows of %s holding a fragment of the protected text", table).isZero();
            }
        }
        String audit = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select details::text from audit_entry where action = 'protected-document.register' and subject_id = :id")
                .setParameter("id", Long.toString(id)).getSingleResult());
        assertThat(audit).contains("勤务安排").contains("characters").contains("fingerprints");
        assertNoFragmentOf(QUOTED + NEVER_QUOTED, audit);
    }

    @Test
    void passagesAlreadyPublishedAreBoilerplateNotExcerpts() {
        String boilerplate = "根据工作安排，现将二〇二六年度机关后勤服务采购项目的有关事项公告如下，欢迎符合条件的供应商参加。";
        String published = "关于后勤服务采购的公告。" + boilerplate;
        JsonPath approved = DraftFixtures.approvedClean(published);
        long publicationId = as("editor").contentType(ContentType.JSON)
                .body(Map.of("channel", "WEBSITE", "url", "https://www.example.gov.cn/" + approved.getLong("id")))
                .post("/api/v1/drafts/" + approved.getLong("id") + "/publications").then().statusCode(201)
                .extract().jsonPath().getLong("publicationId");

        JsonPath doc = register("office", "采购内部评审意见", boilerplate + NEVER_QUOTED);
        assertThat(doc.getInt("common")).as("fingerprints also found in published items").isPositive();
        assertThat(excerpts(check("转载：" + boilerplate), "")).as("the published sentence").isEmpty();
        assertThat(excerpts(check("转载：" + NEVER_QUOTED), "")).as("the rest of the document").hasSize(1);

        // withdrawn (撤稿): the sentence is no longer public, so it counts again
        as("office").contentType(ContentType.JSON).body(Map.of("reason", "测试撤稿"))
                .post("/api/v1/publications/" + publicationId + "/withdrawal").then().statusCode(201);
        assertThat(excerpts(check("转载：" + boilerplate), "")).hasSize(1);
    }

    private static int letters(String s) {
        return (int) s.codePoints().filter(Character::isLetterOrDigit).count();
    }

    private static void assertNoFragmentOf(String text, String haystack) {
        for (int i = 0; i + 6 <= text.length(); i++) {
            String fragment = text.substring(i, i + 6);
            if (fragment.codePoints().allMatch(Character::isLetterOrDigit)) {
                assertThat(haystack).doesNotContain(fragment);
            }
        }
    }
}
