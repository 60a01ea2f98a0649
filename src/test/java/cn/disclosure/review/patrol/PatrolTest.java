package cn.disclosure.review.patrol;

import cn.disclosure.review.identity.TestTokens;
import cn.disclosure.review.intake.DraftFixtures;
import cn.disclosure.review.search.RegisterSearchTest;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import cn.disclosure.review.support.PatrolSite;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * 巡检 through the real HTTP API on the real database against a real web site on 127.0.0.1
 * ({@link PatrolSite}, the only allowed host): publications made through the normal lifecycle,
 * pages that match, were edited after approval, carry a marking, are not in the register (listed
 * in a sitemap), belong to a withdrawn publication, or are gone. Problems, diffs, 整改 items,
 * webhooks, audit lines, the one-at-a-time rule, roles, and the spot-check item's latest result.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class PatrolTest {
    static final String DEPT = "巡检测试科";
    static final String TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();

    static RequestSpecification editor() {
        return TestTokens.as("pt-editor", DEPT, "EDITOR");
    }

    static RequestSpecification reviewer() {
        return TestTokens.as("pt-reviewer", DEPT, "DEPT_REVIEWER");
    }

    @BeforeAll
    static void site() {
        PatrolSite.start();
    }

    static String article(String m) {
        return "各科室：\n为做好年度安全生产检查工作" + m + "，现将有关事项通知如下。\n一、检查时间：12月1日至12月15日。\n"
                + "二、检查范围：机关各科室及所属单位。\n特此通知。";
    }

    /** The site's page: navigation, header and footer around the article's paragraphs. */
    static String page(String title, String articleText, String sidebar) {
        StringBuilder p = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"UTF-8\"><title>" + title + " - 某某局门户网站</title>"
                + "<script>var siteStats = 1;</script></head><body>"
                + "<header><a href=\"/\"><img src=\"/logo-missing.png\" alt=\"某某局\"></a><nav><a href=\"/\">首页</a> <a href=\"/zwgk/\">政务公开</a>"
                + " <a href=\"/tzgg/\">通知公告</a></nav></header><main><h1>" + title + "</h1><article>");
        for (String line : articleText.split("\n")) {
            p.append("<p>").append(line).append("</p>");
        }
        p.append("</article>");
        if (sidebar != null) {
            p.append("<aside>").append(sidebar).append("</aside>");
        }
        p.append("</main><footer>版权所有 某某局 · 网站标识码 0000000000</footer></body></html>");
        return p.toString();
    }

    /** Publishes through the normal lifecycle (editor, 科室负责人, 保密办); url null for none. */
    static long publish(String title, String body, String url) {
        JsonPath created = DraftFixtures.submit(editor(), DraftFixtures.draft(title, body)).statusCode(201).extract().jsonPath();
        long id = created.getLong("id");
        String hash = created.getString("contentHash");
        DraftFixtures.approve(reviewer(), id, hash).statusCode(201);
        DraftFixtures.approve(as("office"), id, hash).statusCode(201);
        Map<String, Object> pub = new HashMap<>();
        pub.put("channel", "WEBSITE");
        if (url != null) {
            pub.put("url", url);
        }
        return editor().contentType(ContentType.JSON).body(pub).post("/api/v1/drafts/" + id + "/publications")
                .then().statusCode(201).extract().jsonPath().getLong("publicationId");
    }

    @Test
    void aPatrolFindsEveryKindOfProblemAndOpensRectifications() throws Exception {
        String m = RegisterSearchTest.marker();
        String k = UUID.randomUUID().toString().substring(0, 8);
        String base = PatrolSite.base();
        String text = article(m);

        long match = publish("关于安全生产检查的通知" + m, text, base + "/tzgg/" + k + "-match.html");
        PatrolSite.html("/tzgg/" + k + "-match.html", page("关于安全生产检查的通知" + m, text, null));

        String edited = "关于安全生产检查时间的通知" + m;
        long editedPub = publish(edited, text.replace("各科室", "各单位"), base + "/tzgg/" + k + "-edited.html");
        PatrolSite.html("/tzgg/" + k + "-edited.html", page(edited, text.replace("各科室", "各单位").replace("12月15日", "12月31日"), null));

        String marked = "关于安全生产检查范围的通知" + m;
        String markedText = text.replace("特此通知", "特此通知，请遵照执行");
        long markedPub = publish(marked, markedText, base + "/tzgg/" + k + "-marked.html");
        PatrolSite.html("/tzgg/" + k + "-marked.html", page(marked, markedText, "相关文件：检查要点（机密★5年）"));

        String withdrawnTitle = "关于暂停安全生产检查的通知" + m;
        String withdrawnText = text.replace("一、检查时间", "一、暂停时间");
        long withdrawn = publish(withdrawnTitle, withdrawnText, base + "/tzgg/" + k + "-withdrawn.html");
        editor().contentType(ContentType.JSON).body(Map.of("reason", "通知已作废"))
                .post("/api/v1/publications/" + withdrawn + "/withdrawal").then().statusCode(201);
        PatrolSite.html("/tzgg/" + k + "-withdrawn.html", page(withdrawnTitle, withdrawnText, null));

        long gone = publish("关于安全生产检查总结的通知" + m, text.replace("特此通知", "特此通报"), base + "/tzgg/" + k + "-gone.html");
        // another host: in the register, never fetched
        long elsewhere = publish("关于微信公众号发布的通知" + m, text.replace("各科室", "各处室"), "https://mp.example.cn/s/" + k);
        long noUrl = publish("关于内部传阅的通知" + m, text.replace("各科室", "各股室"), null);

        String unregistered = base + "/tzgg/" + k + "-unregistered.html";
        PatrolSite.html("/tzgg/" + k + "-unregistered.html", page("未经审查的通知" + m, "各科室：这是一篇没有登记的通知" + m + "。", null));
        // a page that holds the patrol until the test has looked at it while it runs
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch reached = new CountDownLatch(1);
        PatrolSite.serve("/tzgg/" + k + "-slow.html", ex -> {
            reached.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            PatrolSite.send(ex, 404, "text/html; charset=UTF-8", "<html><body>无此页面</body></html>");
        });
        String sitemap = base + "/sitemap-" + k + ".xml";
        PatrolSite.serve("/sitemap-" + k + ".xml", ex -> PatrolSite.send(ex, 200, "application/xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <url><loc>%s/tzgg/%s-match.html</loc></url>
                  <url><loc>%s</loc></url>
                  <url><loc>%s/tzgg/%s-slow.html</loc></url>
                </urlset>""".formatted(base, k, unregistered, base, k)));

        long webhook;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            webhook = ((Number) as("cms").contentType(ContentType.JSON)
                    .body(Map.of("channel", "WEBSITE", "url", "http://127.0.0.1:" + closed.getLocalPort() + "/patrol-hook"))
                    .post("/api/v1/webhooks").then().statusCode(201).extract().path("id")).longValue();
        }
        try {
            Response started = as("office").contentType(ContentType.JSON).body(Map.of("sitemaps", List.of(sitemap)))
                    .post("/api/v1/patrols");
            assertThat(started.statusCode()).isEqualTo(202);
            long id = started.jsonPath().getLong("id");
            assertThat(started.header("Location")).endsWith("/api/v1/patrols/" + id);

            // while it runs: progress, one patrol at a time, the page reloads itself
            assertThat(reached.await(120, TimeUnit.SECONDS)).as("the patrol reached the sitemap's last page").isTrue();
            JsonPath runningNow = as("office").get("/api/v1/patrols/" + id).then().statusCode(200).extract().jsonPath();
            assertThat(runningNow.getString("status")).isEqualTo("RUNNING");
            assertThat(runningNow.getInt("progress.done")).isLessThan(runningNow.getInt("progress.total"));
            as("admin").contentType(ContentType.JSON).body("{}").post("/api/v1/patrols").then().statusCode(409)
                    .body("code", equalTo("patrol-running"));
            Response ui = as("office").get("/ui/patrols/" + id);
            assertThat(ui.statusCode()).isEqualTo(200);
            assertThat(ui.header("Refresh")).isEqualTo("3");
            release.countDown();

            JsonPath run = awaitDone(id);
            assertThat(run.getInt("progress.done")).isEqualTo(run.getInt("progress.total"));
            assertThat(run.getList("sitemaps", String.class)).containsExactly(sitemap);
            assertThat(run.getInt("skipped")).isGreaterThanOrEqualTo(1);

            // no problem for the matching page, the skipped host or the publication without a URL
            assertThat(types(run, match)).isEmpty();
            assertThat(types(run, elsewhere)).isEmpty();
            assertThat(types(run, noUrl)).isEmpty();

            // edited after approval, with the paragraph diff
            assertThat(types(run, editedPub)).containsExactly("CHANGED_AFTER_APPROVAL");
            String ep = "problems.find { it.publicationId == " + editedPub + " }";
            assertThat(run.getList(ep + ".diff.op", String.class)).containsExactly("-", "+");
            assertThat(run.getList(ep + ".diff.text", String.class)).containsExactly("一、检查时间:12月1日至12月15日。", "一、检查时间:12月1日至12月31日。");
            assertThat(run.getString(ep + ".url")).endsWith(k + "-edited.html");

            // a marking next to the (unchanged) article: a new finding, not a change
            assertThat(types(run, markedPub)).containsExactly("NEW_FINDING");
            String mp = "problems.find { it.publicationId == " + markedPub + " }";
            assertThat(run.getList(mp + ".findings.category", String.class)).contains("CLASSIFICATION_MARK");
            assertThat(run.getList(mp + ".findings.severity", String.class)).contains("BLOCK");

            assertThat(types(run, withdrawn)).containsExactly("WITHDRAWN_STILL_ONLINE");
            assertThat(types(run, gone)).containsExactly("UNREACHABLE");
            assertThat(run.getString("problems.find { it.publicationId == " + gone + " }.detail")).contains("404");

            List<Map<String, Object>> unreg = run.getList("problems.findAll { it.type == 'UNREGISTERED' && it.url == '" + unregistered + "' }");
            assertThat(unreg).hasSize(1);
            assertThat(unreg.get(0).get("publicationId")).isNull();
            assertThat(run.getList("problems.findAll { it.url.contains('" + k + "-slow') }")).as("a listed page that is gone").isEmpty();
            assertThat(run.getList("problems.findAll { it.url.contains('" + k + "-match') }")).as("a registered page in the sitemap").isEmpty();

            // 整改 items for the department and the 保密办, one per publication
            Map<Long, Long> items = new HashMap<>();
            for (long pub : List.of(editedPub, markedPub, withdrawn, gone)) {
                Long rect = run.getLong("problems.find { it.publicationId == " + pub + " }.rectificationId");
                assertThat(rect).as("整改 item of %s", pub).isNotNull();
                items.put(pub, rect);
            }
            JsonPath open = as("office").queryParam("department", DEPT).get("/api/v1/rectifications?status=OPEN").then().statusCode(200)
                    .extract().jsonPath();
            for (Map.Entry<Long, Long> e : items.entrySet()) {
                String path = "find { it.id == " + e.getValue() + " }";
                assertThat(open.getString(path + ".sourceType")).isEqualTo("PATROL");
                assertThat(open.getLong(path + ".sourceId")).isEqualTo(id);
                assertThat(open.getLong(path + ".publicationId")).isEqualTo(e.getKey());
                assertThat(open.getString(path + ".department")).isEqualTo(DEPT);
                assertThat(open.getString(path + ".summary")).startsWith("巡检 #" + id).doesNotContain(m);
            }
            assertThat(editor().get("/api/v1/rectifications?status=OPEN").then().statusCode(200).extract().jsonPath()
                    .getList("id", Long.class)).containsAll(items.values());

            // webhook events: one per 整改 item, ids only
            List<String> payloads = deliveries(webhook, "patrol.problem");
            assertThat(payloads).hasSize(4);
            assertThat(payloads).allMatch(p -> p.contains("\"patrolId\":" + id) && !p.contains(m));

            // audit lines
            assertThat(auditActions(id)).containsExactly("patrol.start", "patrol.done");

            // the spot-check item shows the latest patrol result
            JsonPath check = as("office").contentType(ContentType.JSON)
                    .body(Map.of("from", TODAY, "to", TODAY, "department", DEPT, "size", 500)).post("/api/v1/spot-checks")
                    .then().statusCode(201).extract().jsonPath();
            long checkId = check.getLong("id");
            JsonPath detail = as("office").get("/api/v1/spot-checks/" + checkId).then().statusCode(200).extract().jsonPath();
            String item = "items.find { it.publication.publicationId == %d }.latestPatrol";
            assertThat(detail.getString(item.formatted(match) + ".outcome")).isEqualTo("OK");
            assertThat(detail.getString(item.formatted(match) + ".label")).startsWith("巡检正常").contains("巡检 #" + id);
            assertThat(detail.getString(item.formatted(editedPub) + ".outcome")).isEqualTo("PROBLEM");
            assertThat(detail.getList(item.formatted(editedPub) + ".problemTypes", String.class)).containsExactly("CHANGED_AFTER_APPROVAL");
            assertThat(detail.getString(item.formatted(editedPub) + ".label")).startsWith("巡检发现问题：审查后被修改");
            assertThat(detail.getString(item.formatted(elsewhere) + ".outcome")).isEqualTo("SKIPPED");
            assertThat(detail.getString(item.formatted(noUrl) + ".outcome")).isEqualTo("NEVER");
            assertThat(detail.getString(item.formatted(noUrl) + ".label")).isEqualTo("从未巡检");
            String spotPage = as("office").get("/ui/spot-checks/" + checkId).then().statusCode(200).extract().asString();
            assertThat(spotPage).contains("最近一次巡检").contains("巡检正常").contains("巡检发现问题：审查后被修改").contains("从未巡检");

            // the site fixes the marked page; a second patrol finds it OK and joins the open items instead of opening new ones
            PatrolSite.html("/tzgg/" + k + "-marked.html", page(marked, markedText, null));
            long second = as("admin").contentType(ContentType.JSON).body("{}").post("/api/v1/patrols").then().statusCode(202)
                    .extract().jsonPath().getLong("id");
            JsonPath again = awaitDone(second);
            assertThat(types(again, markedPub)).isEmpty();
            assertThat(again.getLong("problems.find { it.publicationId == " + editedPub + " }.rectificationId")).isEqualTo(items.get(editedPub));
            assertThat(deliveries(webhook, "patrol.problem")).hasSize(4);
            assertThat(again.getList("problems.findAll { it.type == 'UNREGISTERED' }")).as("no sitemap this time").isEmpty();
            JsonPath later = as("office").get("/api/v1/spot-checks/" + checkId).then().statusCode(200).extract().jsonPath();
            assertThat(later.getString(item.formatted(markedPub) + ".label")).startsWith("巡检正常").contains("巡检 #" + second);

            // the list and the page
            as("leader").get("/api/v1/patrols").then().statusCode(200)
                    .body("find { it.id == " + id + " }.problemCount", equalTo(run.getList("problems").size()));
            String listPage = as("office").get("/ui/patrols").then().statusCode(200).extract().asString();
            assertThat(listPage).contains("网站巡检").contains("开始巡检");
            String detailPage = as("office").get("/ui/patrols/" + id).then().statusCode(200).extract().asString();
            assertThat(detailPage).contains("审查后被修改").contains("已撤稿仍在线").contains("未登记的页面").contains("无法访问")
                    .contains("发现新问题").contains("12月1日至12月31日").contains("整改事项 " + items.get(editedPub));

            // nothing was sent with cookies or credentials
            assertThat(PatrolSite.requests()).allMatch(r -> r.contains("cookie=null") && r.contains("authorization=null"));
        } finally {
            release.countDown();
            as("cms").delete("/api/v1/webhooks/" + webhook).then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(204)));
        }
    }

    @Test
    void rolesAndRefusals() {
        editor().contentType(ContentType.JSON).body("{}").post("/api/v1/patrols").then().statusCode(403);
        as("editor").contentType(ContentType.JSON).body("{}").post("/api/v1/patrols").then().statusCode(403);
        as("reviewer").contentType(ContentType.JSON).body("{}").post("/api/v1/patrols").then().statusCode(403);
        as("leader").contentType(ContentType.JSON).body("{}").post("/api/v1/patrols").then().statusCode(403);
        as("cms").contentType(ContentType.JSON).body("{}").post("/api/v1/patrols").then().statusCode(403);
        as("editor").get("/api/v1/patrols").then().statusCode(403);
        as("reviewer").get("/api/v1/patrols/1").then().statusCode(403);
        as("leader").get("/api/v1/patrols").then().statusCode(200);
        as("office").get("/api/v1/patrols/999999999").then().statusCode(404);
        // sitemaps: only http(s) on an allowed host, checked before anything starts
        int before = as("office").get("/api/v1/patrols").then().statusCode(200).extract().jsonPath().getList("id").size();
        as("office").contentType(ContentType.JSON).body(Map.of("sitemaps", List.of("http://localhost:" + PatrolSite.port() + "/sitemap.xml")))
                .post("/api/v1/patrols").then().statusCode(400).body("code", equalTo("sitemap-host-refused"));
        as("office").contentType(ContentType.JSON).body(Map.of("sitemaps", List.of("https://www.example.gov.cn/sitemap.xml")))
                .post("/api/v1/patrols").then().statusCode(400).body("code", equalTo("sitemap-host-refused"));
        as("office").contentType(ContentType.JSON).body(Map.of("sitemaps", List.of("file:///etc/passwd")))
                .post("/api/v1/patrols").then().statusCode(400).body("code", equalTo("bad-sitemap"));
        as("office").contentType(ContentType.JSON).body(Map.of("sitemaps", List.of("http://user:pw@127.0.0.1:" + PatrolSite.port() + "/s.xml")))
                .post("/api/v1/patrols").then().statusCode(400).body("code", equalTo("bad-sitemap"));
        as("office").contentType(ContentType.JSON).body("{\"sitemaps\": 5}").post("/api/v1/patrols").then().statusCode(400);
        int after = as("office").get("/api/v1/patrols").then().statusCode(200).extract().jsonPath().getList("id").size();
        assertThat(after).isEqualTo(before);
        // the pages
        as("editor").get("/ui/patrols").then().statusCode(403);
    }

    private static List<String> types(JsonPath run, long publicationId) {
        return run.getList("problems.findAll { it.publicationId == " + publicationId + " }.type", String.class);
    }

    static JsonPath awaitDone(long id) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            JsonPath p = as("office").get("/api/v1/patrols/" + id).then().statusCode(200).extract().jsonPath();
            if (!"RUNNING".equals(p.getString("status"))) {
                assertThat(p.getString("status")).isEqualTo("DONE");
                return p;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("patrol " + id + " did not finish");
    }

    private static List<String> auditActions(long patrolId) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = EmbeddedPostgresResource.superuser();
             PreparedStatement s = c.prepareStatement("select action from audit_entry where subject_type = 'patrol' and subject_id = ? order by seq")) {
            s.setString(1, Long.toString(patrolId));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static List<String> deliveries(long webhook, String type) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = EmbeddedPostgresResource.superuser();
             PreparedStatement s = c.prepareStatement("select payload from webhook_delivery where webhook_id = ? and event_type = ? order by id")) {
            s.setLong(1, webhook);
            s.setString(2, type);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
