package cn.disclosure.review.ui;

import cn.disclosure.review.intake.DraftFixtures;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.disclosure.review.intake.DraftFixtures.CLEAN;
import static cn.disclosure.review.intake.DraftFixtures.MARKED;
import static cn.disclosure.review.intake.DraftFixtures.unique;
import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/**
 * The review workspace's pages over real HTTP with form sign-in: who may open which page, CSRF on
 * every form (urlencoded and multipart), the service's refusals shown on the page, escaping, and the
 * API downloads and exports the pages link to, authenticated by the session cookie.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class UiPagesTest {
    static final List<String> ACCOUNTS = List.of("editor", "reviewer", "office", "leader", "admin", "cms");
    /** Bytes no extractor can read: UNREADABLE, a WARN finding for any engine (fail closed). */
    static final byte[] UNREADABLE = {0, 1, 2, (byte) 0xfe, (byte) 0xff, 7, 0, 42, (byte) 0x80, (byte) 0x99, 13, 10, 0, 0};

    static long submit(String title, String body) {
        return DraftFixtures.submit(as("editor"), DraftFixtures.draft(title, body)).statusCode(201).extract().jsonPath().getLong("id");
    }

    static JsonPath draft(long id) {
        return as("office").get("/api/v1/drafts/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** Submits a draft with one file and waits for its background inspection. */
    static long submitWithFile(String title, String body, String filename, byte[] bytes) {
        long id = submitWithFileQueued(title, body, filename, bytes);
        DraftFixtures.awaitInspection(id);
        return id;
    }

    static long submitWithFileQueued(String title, String body, String filename, byte[] bytes) {
        Map<String, Object> d = DraftFixtures.draft(title, body);
        return as("editor").config(UiClient.MULTIPART).contentType("multipart/form-data; charset=UTF-8")
                .multiPart(new MultiPartSpecBuilder(json(d)).controlName("draft").mimeType("application/json")
                        .charset(StandardCharsets.UTF_8).build())
                .multiPart(UiClient.file("file", filename, bytes, "application/octet-stream"))
                .post("/api/v1/drafts").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static String json(Map<String, Object> m) {
        try {
            return new ObjectMapper().writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyUiEndpointIsRoleCheckedAndKeptOutOfTheApiDocs() {
        List<String> endpoints = new ArrayList<>();
        for (Class<?> page : List.of(HomePages.class, QueuePage.class, ReviewPages.class, EditorPages.class, RegisterPage.class)) {
            for (Method m : page.getDeclaredMethods()) {
                if (!m.isAnnotationPresent(GET.class) && !m.isAnnotationPresent(POST.class)) {
                    continue;
                }
                endpoints.add(page.getSimpleName() + "." + m.getName());
                assertThat(m.isAnnotationPresent(RolesAllowed.class) || m.isAnnotationPresent(PermitAll.class)
                        || m.isAnnotationPresent(Authenticated.class)).as(m + " has a security annotation").isTrue();
                assertThat(m.getAnnotation(Operation.class)).as(m + " @Operation").isNotNull();
                assertThat(m.getAnnotation(Operation.class).hidden()).as(m + " hidden from the API docs").isTrue();
            }
        }
        assertThat(endpoints).hasSizeGreaterThanOrEqualTo(14);
        String openapi = RestAssured.given().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        assertThat(openapi).doesNotContain("\"/ui/").doesNotContain("\"/login\"");
    }

    @Test
    void eachPageOpensOnlyForItsRoles() {
        long id = submit(unique("页面权限"), CLEAN);
        Map<String, List<String>> pages = new LinkedHashMap<>();
        pages.put("/ui/queue", List.of("reviewer", "office", "leader"));
        pages.put("/ui/reviews/" + id, List.of("reviewer", "office", "leader"));
        pages.put("/ui/drafts", List.of("editor"));
        pages.put("/ui/drafts/new", List.of("editor"));
        pages.put("/ui/drafts/" + id, List.of("editor"));
        pages.put("/ui/register", List.of("editor", "reviewer", "office", "leader", "admin"));
        pages.put("/ui/audit", List.of("office", "leader", "admin"));
        Map<String, UiClient> clients = new LinkedHashMap<>();
        ACCOUNTS.forEach(a -> clients.put(a, UiClient.signIn(a)));
        pages.forEach((path, allowed) -> {
            RestAssured.given().redirects().follow(false).get(path).then().statusCode(303)
                    .header("Location", endsWith("/login"));
            clients.forEach((account, client) -> {
                Response r = client.get(path);
                if (allowed.contains(account)) {
                    assertThat(r.statusCode()).as(account + " GET " + path).isEqualTo(200);
                    assertThat(r.header("Content-Security-Policy")).as("CSP of " + path).contains("script-src 'self'");
                } else {
                    assertThat(r.statusCode()).as(account + " GET " + path).isEqualTo(403);
                    assertThat(r.asString()).contains("无权访问");
                }
            });
        });
        // forms are refused to other roles as well (with a valid CSRF token)
        UiClient editor = clients.get("editor");
        String token = UiClient.csrf(editor.page("/ui/drafts/new"));
        editor.request().formParam("_csrf", token).formParam("decision", "APPROVE")
                .formParam("contentHash", draft(id).getString("contentHash"))
                .post("/ui/reviews/" + id + "/decision").then().statusCode(403).body(containsString("无权访问"));
        UiClient reviewer = clients.get("reviewer");
        String reviewerToken = UiClient.csrf(reviewer.page("/ui/queue"));
        reviewer.multipart("_csrf", reviewerToken, "title", "x", "channel", "WEBSITE", "body", CLEAN, "action", "submit")
                .post("/ui/drafts").then().statusCode(403);
    }

    @Test
    void anUnknownDraftGivesAChinesePageNotJson() {
        UiClient reviewer = UiClient.signIn("reviewer");
        Response r = reviewer.get("/ui/reviews/987654321");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(UiClient.parse(r).select("#problem").text()).isEqualTo("未找到");
    }

    @Test
    void decisionFormsRefuseAMissingOrForgedCsrfToken() {
        long id = submit(unique("CSRF 检查"), CLEAN);
        UiClient reviewer = UiClient.signIn("reviewer");
        Document page = reviewer.page("/ui/reviews/" + id);
        String token = UiClient.csrf(page);
        String hash = UiClient.value(page, "contentHash");

        reviewer.request().formParam("decision", "APPROVE").formParam("contentHash", hash).formParam("step", "1")
                .post("/ui/reviews/" + id + "/decision").then().statusCode(403).body("code", equalTo("csrf-token-invalid"));
        reviewer.request().formParam("_csrf", "forged-forged-forged-forged-forged-forged").formParam("decision", "APPROVE")
                .formParam("contentHash", hash).formParam("step", "1")
                .post("/ui/reviews/" + id + "/decision").then().statusCode(403).body("code", equalTo("csrf-token-invalid"));
        // a signed-in session whose form token does not come with the CSRF cookie is refused as well
        var signedIn = RestAssured.given().redirects().follow(false).formParam("j_username", "reviewer")
                .formParam("j_password", "reviewer").post("/j_security_check").then().statusCode(302).extract();
        RestAssured.given().redirects().follow(false).cookie("review-session", signedIn.cookie("review-session"))
                .cookie("review-sid", signedIn.cookie("review-sid"))
                .formParam("_csrf", token).formParam("decision", "APPROVE").formParam("contentHash", hash)
                .post("/ui/reviews/" + id + "/decision").then().statusCode(403).body("code", equalTo("csrf-token-invalid"));
        assertThat(draft(id).getInt("currentStep")).isEqualTo(1);
        assertThat(draft(id).getList("chain.reviewer")).containsOnlyNulls();

        reviewer.request().formParam("_csrf", token).formParam("decision", "APPROVE").formParam("contentHash", hash)
                .formParam("step", "1").post("/ui/reviews/" + id + "/decision").then().statusCode(303)
                .header("Location", endsWith("/ui/reviews/" + id + "?done=APPROVE"));
        JsonPath after = draft(id);
        assertThat(after.getInt("currentStep")).isEqualTo(2);
        assertThat(after.getString("chain[0].reviewer")).isEqualTo("reviewer");
        Document done = reviewer.page("/ui/reviews/" + id + "?done=APPROVE");
        assertThat(done.select("#flash").text()).isEqualTo("已审查同意。");
        assertThat(done.select("#decision-form")).isEmpty();
        assertThat(done.select("#chain tr.step-APPROVE td").eachText()).contains("reviewer");
    }

    @Test
    void multipartFormsCarryTheCsrfTokenToo() {
        UiClient editor = UiClient.signIn("editor");
        String token = UiClient.csrf(editor.page("/ui/drafts/new"));
        String title = unique("附件稿件");
        byte[] file = "附件正文，无问题。".getBytes(StandardCharsets.UTF_8);

        editor.multipart("title", title, "channel", "WEBSITE", "body", CLEAN, "action", "submit")
                .multiPart(UiClient.file("file", "说明.txt", file, "text/plain"))
                .post("/ui/drafts").then().statusCode(403).body("code", equalTo("csrf-token-invalid"));
        assertThat(myDrafts(title)).isEmpty();

        Response created = editor.multipart("_csrf", token, "title", title, "channel", "WECHAT",
                        "docNumber", "办发〔2026〕7号", "body", "第一行\r\n" + CLEAN, "action", "submit")
                .multiPart(UiClient.file("file", "说明.txt", file, "text/plain"))
                .post("/ui/drafts");
        assertThat(created.statusCode()).isEqualTo(303);
        assertThat(created.header("Location")).contains("/ui/drafts/").endsWith("?done=created");
        List<Map<String, Object>> mine = myDrafts(title);
        assertThat(mine).hasSize(1);
        long id = ((Number) mine.get(0).get("id")).longValue();
        JsonPath d = draft(id);
        assertThat(d.getString("state")).isEqualTo("IN_REVIEW");
        assertThat(d.getString("channel")).isEqualTo("WECHAT");
        assertThat(d.getString("docNumber")).isEqualTo("办发〔2026〕7号");
        assertThat(d.getString("current.body")).isEqualTo("第一行\n" + CLEAN);
        assertThat(d.getString("current.attachments[0].filename")).isEqualTo("说明.txt");
        byte[] stored = editor.get("/api/v1/drafts/" + id + "/revisions/1/attachments/1").then().statusCode(200)
                .extract().asByteArray();
        assertThat(stored).isEqualTo(file);
        Document status = editor.page("/ui/drafts/" + id + "?done=created");
        assertThat(status.select("#flash").text()).isEqualTo("稿件已提交审查。");
        assertThat(status.select("#state").text()).isEqualTo("审查中");
    }

    private static List<Map<String, Object>> myDrafts(String title) {
        List<Map<String, Object>> all = as("editor").get("/api/v1/drafts?mine=true&limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return all.stream().filter(m -> title.equals(m.get("title"))).toList();
    }

    @Test
    void precheckShowsFindingsAndRemindersAndStoresNothing() {
        UiClient editor = UiClient.signIn("editor");
        String token = UiClient.csrf(editor.page("/ui/drafts/new"));
        String title = unique("预检稿件");
        Response r = editor.multipart("_csrf", token, "title", title, "channel", "WECHAT", "body", "各科室：\n" + MARKED,
                "action", "check").post("/ui/drafts");
        assertThat(r.statusCode()).isEqualTo(200);
        Document page = UiClient.parse(r);
        assertThat(page.select("#precheck-verdict").text()).isEqualTo("禁止发布");
        assertThat(page.select("#precheck-findings li").text()).contains("密级标志").contains("秘密★5年");
        assertThat(page.select("#precheck-result mark.finding.sev-BLOCK").text()).startsWith("秘密★");
        assertThat(page.select("#reminders").text()).contains("涉密不上网").contains("微信公众号");
        // the typed form comes back filled in
        assertThat(page.select("#title").attr("value")).isEqualTo(title);
        assertThat(page.select("#body").text()).contains("秘密★5年");
        assertThat(page.select("#channel option[selected]").attr("value")).isEqualTo("WECHAT");
        assertThat(myDrafts(title)).isEmpty();

        Response clean = editor.multipart("_csrf", token, "title", title, "channel", "WEBSITE", "body", CLEAN,
                "action", "check").post("/ui/drafts");
        assertThat(UiClient.parse(clean).select("#precheck-verdict").text()).isNotEqualTo("禁止发布");
        assertThat(myDrafts(title)).isEmpty();
    }

    @Test
    void refusedDecisionsShowTheServicesMessageOnThePage() {
        long blocked = submit(unique("含密级标志"), "各科室：\n" + MARKED);
        UiClient reviewer = UiClient.signIn("reviewer");
        Document page = reviewer.page("/ui/reviews/" + blocked);
        assertThat(page.select("#approve")).isEmpty();
        assertThat(page.select("#block-note").text()).contains("不能审查同意");
        String token = UiClient.csrf(page);
        String hash = UiClient.value(page, "contentHash");

        Response approve = reviewer.request().formParam("_csrf", token).formParam("decision", "APPROVE")
                .formParam("contentHash", hash).formParam("step", "1").post("/ui/reviews/" + blocked + "/decision");
        assertThat(approve.statusCode()).isEqualTo(409);
        assertThat(UiClient.parse(approve).select("#error").text()).contains("不能审查同意");

        Response noOpinion = reviewer.request().formParam("_csrf", token).formParam("decision", "RETURN")
                .formParam("contentHash", hash).formParam("step", "1").formParam("opinion", "  ")
                .post("/ui/reviews/" + blocked + "/decision");
        assertThat(noOpinion.statusCode()).isEqualTo(400);
        assertThat(UiClient.parse(noOpinion).select("#error").text()).isEqualTo("“退回修改”须填写审查意见");
        assertThat(draft(blocked).getString("state")).isEqualTo("IN_REVIEW");

        // the editor saves a new revision while the reviewer looks at the old one: 409, the new content is shown
        Map<String, Object> edit = new LinkedHashMap<>();
        edit.put("body", "各科室：\n" + CLEAN);
        as("editor").contentType(ContentType.JSON).body(edit).put("/api/v1/drafts/" + blocked).then().statusCode(200);
        Response stale = reviewer.request().formParam("_csrf", token).formParam("decision", "REJECT")
                .formParam("contentHash", hash).formParam("step", "1").formParam("opinion", "含有密级标志")
                .post("/ui/reviews/" + blocked + "/decision");
        assertThat(stale.statusCode()).isEqualTo(409);
        Document stalePage = UiClient.parse(stale);
        assertThat(stalePage.select("#error").text()).contains("稿件已有新版本（第 2 版）");
        assertThat(stalePage.select("#opinion").text()).isEqualTo("含有密级标志");
        assertThat(UiClient.value(stalePage, "contentHash")).isNotEqualTo(hash).isEqualTo(draft(blocked).getString("contentHash"));
        assertThat(stalePage.select("#diff del").text()).contains("秘密★5年");
        assertThat(draft(blocked).getString("state")).isEqualTo("IN_REVIEW");
    }

    @Test
    void warnNeedsAWrittenJustificationWhichIsRecorded() {
        long id = submitWithFile(unique("附件无法读取"), CLEAN, "数据.bin", UNREADABLE);
        assertThat(draft(id).getString("current.verdict")).isEqualTo("WARN");
        UiClient reviewer = UiClient.signIn("reviewer");
        Document page = reviewer.page("/ui/reviews/" + id);
        assertThat(page.select("#approve")).hasSize(1);
        assertThat(page.select("#justification")).hasSize(1);
        assertThat(page.select("#findings li.sev-WARN").text()).contains("无法读取").contains("附件 数据.bin");
        assertThat(page.select("#attachments a").attr("href")).isEqualTo("/api/v1/drafts/" + id + "/revisions/1/attachments/1");
        // the download link works with the session cookie alone
        byte[] downloaded = reviewer.getLink(page.select("#attachments a").attr("href")).then().statusCode(200)
                .header("Content-Disposition", containsString("attachment")).extract().asByteArray();
        assertThat(downloaded).isEqualTo(UNREADABLE);

        String token = UiClient.csrf(page);
        String hash = UiClient.value(page, "contentHash");
        Response refused = reviewer.request().formParam("_csrf", token).formParam("decision", "APPROVE")
                .formParam("contentHash", hash).formParam("step", "1").formParam("opinion", "可以发布")
                .post("/ui/reviews/" + id + "/decision");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(UiClient.parse(refused).select("#error").text()).contains("接受理由");
        assertThat(UiClient.parse(refused).select("#opinion").text()).isEqualTo("可以发布");

        reviewer.request().formParam("_csrf", token).formParam("decision", "APPROVE").formParam("contentHash", hash)
                .formParam("step", "1").formParam("opinion", "可以发布").formParam("justification", "附件为统计数据原始文件，已人工核对无涉密内容")
                .post("/ui/reviews/" + id + "/decision").then().statusCode(303);
        Document after = reviewer.page("/ui/reviews/" + id);
        Element first = after.selectFirst("#chain tbody tr");
        assertThat(first.text()).contains("reviewer").contains("同意").contains("附件为统计数据原始文件，已人工核对无涉密内容");
        assertThat(draft(id).getString("chain[0].justification")).isEqualTo("附件为统计数据原始文件，已人工核对无涉密内容");
    }

    @Test
    void reviewPageMarksFindingsInPlaceAndEscapesContent() {
        String title = unique("<img src=x onerror=alert(1)> 公告");
        long id = submit(title, "第一段 a < b && c > d。\n本文件 机密★5年 内部使用。");
        UiClient reviewer = UiClient.signIn("reviewer");
        Response r = reviewer.get("/ui/reviews/" + id);
        assertThat(r.statusCode()).isEqualTo(200);
        String html = r.asString();
        assertThat(html).doesNotContain("<img src=x").contains("&lt;img src=x onerror=alert(1)&gt;");
        Document page = UiClient.parse(r);
        assertThat(page.select("#draft-title").text()).isEqualTo(title);
        Element mark = page.selectFirst("mark.finding.sev-BLOCK");
        assertThat(mark).isNotNull();
        assertThat(mark.text()).isEqualTo("机密★5年");
        String anchor = mark.id();
        assertThat(page.select("#findings a[href=#" + anchor + "]")).hasSize(1);
        assertThat(page.select("#findings li.sev-BLOCK").text()).contains("密级标志").contains("正文").contains("机密★5年");
        assertThat(page.select("pre.part-text").text()).contains("a < b && c > d");
        assertThat(page.select("#chain tbody tr")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(page.select("#chain tbody tr").get(0).text()).contains("科室负责人").contains("待审");
    }

    @Test
    void queueShowsMyItemsOldestFirstWithVerdictBadgesAndFilters() {
        String older = unique("较早送审");
        String newer = unique("较晚送审");
        long a = submit(older, CLEAN);
        long b = DraftFixtures.submit(as("editor"), withChannel(DraftFixtures.draft(newer, MARKED), "WECHAT"))
                .statusCode(201).extract().jsonPath().getLong("id");
        UiClient reviewer = UiClient.signIn("reviewer");
        Document all = reviewer.page("/ui/queue");
        List<String> ids = all.select("#queue tbody tr").eachAttr("data-draft");
        assertThat(ids).contains(Long.toString(a), Long.toString(b));
        assertThat(ids.indexOf(Long.toString(a))).isLessThan(ids.indexOf(Long.toString(b)));
        Element row = all.selectFirst("#queue tr[data-draft=" + b + "]");
        assertThat(row.select("a").attr("href")).isEqualTo("/ui/reviews/" + b);
        assertThat(row.select("td").eachText()).contains("微信公众号", "办公室", "editor", "科室负责人（办公室）");
        assertThat(row.select(".badge-BLOCK").text()).isEqualTo("禁止发布");
        assertThat(row.select("td").get(5).text()).matches("不到 1 分钟|\\d+ (分钟|小时|天)");

        List<String> blocked = reviewer.page("/ui/queue?verdict=BLOCK").select("#queue tbody tr").eachAttr("data-draft");
        assertThat(blocked).contains(Long.toString(b)).doesNotContain(Long.toString(a));
        Document website = reviewer.page("/ui/queue?channel=WEBSITE&verdict=");
        assertThat(website.select("#queue tbody tr").eachAttr("data-draft")).contains(Long.toString(a)).doesNotContain(Long.toString(b));
        assertThat(website.select("#f-channel option[selected]").attr("value")).isEqualTo("WEBSITE");
        // the second step's office does not see them yet
        assertThat(UiClient.signIn("office").page("/ui/queue").select("#queue tbody tr").eachAttr("data-draft"))
                .doesNotContain(Long.toString(a), Long.toString(b));
    }

    private static Map<String, Object> withChannel(Map<String, Object> d, String channel) {
        d.put("channel", channel);
        return d;
    }

    @Test
    void editorEditsIntoANewRevisionKeepsBackAndSubmits() {
        UiClient editor = UiClient.signIn("editor");
        String title = unique("修改稿件");
        long id = submitWithFile(title, "原正文。\n" + MARKED, "说明.txt", "说明文字".getBytes(StandardCharsets.UTF_8));
        Document status = editor.page("/ui/drafts/" + id);
        assertThat(status.select("#edit-form #body").text()).contains("秘密★5年");
        assertThat(status.select("#edit-form input[name=keep][checked]").eachAttr("value")).containsExactly("说明.txt");
        String token = UiClient.csrf(status);

        editor.multipart("_csrf", token, "title", title, "channel", "WEBSITE", "docNumber", "",
                        "body", "原正文。\r\n" + CLEAN, "keep", "说明.txt", "action", "save").post("/ui/drafts/" + id).then().statusCode(303)
                .header("Location", endsWith("/ui/drafts/" + id + "?done=saved"));
        JsonPath d = draft(id);
        assertThat(d.getInt("revision")).isEqualTo(2);
        assertThat(d.getString("state")).isEqualTo("DRAFT");
        assertThat(d.getString("current.body")).isEqualTo("原正文。\n" + CLEAN);
        assertThat(d.getList("current.attachments.filename")).containsExactly("说明.txt");

        Document kept = editor.page("/ui/drafts/" + id + "?done=saved");
        assertThat(kept.select("#flash").text()).contains("暂存");
        assertThat(kept.select("#diff del").text()).contains("秘密★5年");
        editor.request().formParam("_csrf", UiClient.csrf(kept)).post("/ui/drafts/" + id + "/submit").then().statusCode(303);
        assertThat(draft(id).getString("state")).isEqualTo("IN_REVIEW");

        // a refused edit (empty title) comes back with what was typed and the service's message
        Response refused = editor.multipart("_csrf", token, "title", " ", "channel", "WEBSITE", "body", "改过的正文",
                "action", "submit").post("/ui/drafts/" + id);
        assertThat(refused.statusCode()).isEqualTo(400);
        Document page = UiClient.parse(refused);
        assertThat(page.select("#error").text()).isEqualTo("请填写稿件标题");
        assertThat(page.select("#edit-form #body").text()).isEqualTo("改过的正文");
        assertThat(page.select("#edit-form input[name=keep][checked]")).isEmpty();
        assertThat(draft(id).getInt("revision")).isEqualTo(2);
    }

    @Test
    void registerPageFiltersAndExportsWithTheSessionCookie() {
        String marker = unique("登记页");
        JsonPath approved = DraftFixtures.approvedClean(CLEAN + marker);
        long id = approved.getLong("id");
        UiClient editor = UiClient.signIn("editor");
        Document status = editor.page("/ui/drafts/" + id);
        assertThat(status.select("#publish-form").text()).contains("门户网站");
        editor.request().formParam("_csrf", UiClient.csrf(status)).formParam("url", "https://www.example.gov.cn/tzgg/" + id + ".html")
                .post("/ui/drafts/" + id + "/publish").then().statusCode(303).header("Location", endsWith("?done=published"));
        String title = draft(id).getString("title");

        UiClient office = UiClient.signIn("office");
        Document register = office.page("/ui/register?channel=WEBSITE&department=办公室");
        Element row = register.select("#register tbody tr").stream().filter(tr -> tr.text().contains(title)).findFirst().orElse(null);
        assertThat(row).as("register row of " + title).isNotNull();
        assertThat(row.text()).contains("门户网站").contains("reviewer").contains("office").contains("同意");
        assertThat(office.page("/ui/register?channel=WECHAT").text()).doesNotContain(title);
        assertThat(office.page("/ui/register?from=2000-01-01&to=2000-12-31").text()).doesNotContain(title);

        String csv = register.select("#export-csv").attr("href");
        assertThat(csv).startsWith("/api/v1/register?").contains("channel=WEBSITE").contains("format=csv");
        String text = new String(office.getLink(csv).then().statusCode(200).contentType(containsString("text/csv"))
                .extract().asByteArray(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF").contains(title);
        byte[] xlsx = office.getLink(register.select("#export-xlsx").attr("href")).then().statusCode(200)
                .contentType(containsString("spreadsheetml")).extract().asByteArray();
        assertThat(new String(xlsx, 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("PK");

        Response bad = office.get("/ui/register?from=not-a-date");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(UiClient.parse(bad).select("#error").text()).contains("日期");
    }
}
