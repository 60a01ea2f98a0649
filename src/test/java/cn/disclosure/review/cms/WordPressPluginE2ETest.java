package cn.disclosure.review.cms;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import cn.disclosure.review.support.WordPressSite;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static cn.disclosure.review.cms.WordPressFixtures.Approved;
import static cn.disclosure.review.cms.WordPressFixtures.Attachment;
import static cn.disclosure.review.cms.WordPressFixtures.approved;
import static cn.disclosure.review.cms.WordPressFixtures.contentHtml;
import static cn.disclosure.review.cms.WordPressFixtures.create;
import static cn.disclosure.review.cms.WordPressFixtures.draftPost;
import static cn.disclosure.review.cms.WordPressFixtures.edited;
import static cn.disclosure.review.cms.WordPressFixtures.paragraph;
import static cn.disclosure.review.cms.WordPressFixtures.post;
import static cn.disclosure.review.cms.WordPressFixtures.publicPage;
import static cn.disclosure.review.cms.WordPressFixtures.publicStatus;
import static cn.disclosure.review.cms.WordPressFixtures.publicationOf;
import static cn.disclosure.review.cms.WordPressFixtures.reasonCodes;
import static cn.disclosure.review.cms.WordPressFixtures.registerRow;
import static cn.disclosure.review.cms.WordPressFixtures.registerRowsOf;
import static cn.disclosure.review.cms.WordPressFixtures.site;
import static cn.disclosure.review.cms.WordPressFixtures.submitted;
import static cn.disclosure.review.cms.WordPressFixtures.update;
import static cn.disclosure.review.intake.DraftFixtures.CLEAN;
import static cn.disclosure.review.intake.DraftFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WordPress plugin in a real WordPress (Debian's 6.1 on PHP 8.2, MariaDB, php -S), driven
 * through WordPress's REST API and wp-admin, against the real service: what readers get (the
 * public page, the feed, the files under /wp-content/uploads) is exactly what was approved, and
 * the register knows what went online and what was taken down. The browser walks are in
 * {@link WordPressEditorsE2ETest}.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WordPressPluginE2ETest {

    private static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
        m.put(key, value);
        return m;
    }

    // ------------------------------------------------------------------ what was already right

    @Test
    @Order(1)
    void unreviewedContentIsRefusedAndStaysOfflineWithTheReasonsAndReminders() {
        String text = unique("未经审查的通知正文");
        long id = draftPost("posts", "未经审查", paragraph(text));
        Response refused = update("posts", id, Map.of("status", "publish"));
        assertThat(reasonCodes(refused)).contains("unknown-content");
        assertThat(refused.jsonPath().getList("data.reminders", String.class)).isNotEmpty();
        assertThat(edited("posts", id).getString("status")).isEqualTo("draft");
        assertThat(publicStatus(id)).isEqualTo(404);
    }

    @Test
    @Order(2)
    void whenTheServiceCannotBeReachedNothingIsPublished() throws IOException {
        Approved a = approved(unique("关于服务中断的通知"), "<p>" + unique(CLEAN) + "</p>");
        long id = draftPost("posts", a.title(), paragraph(inner(a.body())));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        site().setServiceUrl("http://127.0.0.1:" + closedPort);
        try {
            assertThat(reasonCodes(update("posts", id, Map.of("status", "publish")))).contains("unreachable");
        } finally {
            site().setServiceUrl("http://127.0.0.1:" + io.restassured.RestAssured.port);
        }
        assertThat(publicStatus(id)).isEqualTo(404);
        // the approval was not used up by the refused attempt
        update("posts", id, Map.of("status", "publish")).then().statusCode(200);
        assertThat(publicStatus(id)).isEqualTo(200);
    }

    @Test
    @Order(3)
    void scheduledPostsAreAskedWhenDueAndRefusedOnesBecomeDrafts() {
        Approved a = approved(unique("定时发布的通知"), "<p>" + unique(CLEAN) + "</p>");
        String later = LocalDateTime.now(ZoneId.of("Asia/Shanghai")).plusHours(2).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        long good = create("posts", with(post(a.title(), paragraph(inner(a.body())), "future"), "date", later))
                .then().statusCode(201).extract().jsonPath().getLong("id");
        long bad = create("posts", with(post("未审查的定时稿", paragraph(unique("没有审查过的定时内容")), "future"), "date", later))
                .then().statusCode(201).extract().jsonPath().getLong("id");
        assertThat(edited("posts", good).getString("status")).isEqualTo("future");
        assertThat(publicStatus(good)).isEqualTo(404);
        // two hours later: both are due, WordPress's cron publishes them
        for (long id : List.of(good, bad)) {
            site().eval("global $wpdb; $when = time() - 60;"
                    + " $wpdb->update($wpdb->posts, array('post_date' => wp_date('Y-m-d H:i:s', $when), 'post_date_gmt' => gmdate('Y-m-d H:i:s', $when)), array('ID' => " + id + "));"
                    + " clean_post_cache(" + id + "); wp_clear_scheduled_hook('publish_future_post', array(" + id + "));"
                    + " wp_schedule_single_event($when, 'publish_future_post', array(" + id + ")); return true;");
        }
        site().runCron();
        assertThat(edited("posts", good).getString("status")).isEqualTo("publish");
        assertThat(edited("posts", bad).getString("status")).isEqualTo("draft");
        assertThat(publicStatus(good)).isEqualTo(200);
        assertThat(publicStatus(bad)).isEqualTo(404);
        assertThat(registerRow(publicationOf(good)).getString("title")).isEqualTo(a.title());
    }

    // ------------------------------------------------------------------ issue 14, cases 1–11

    /** Case 1: the title and the excerpt readers get are part of what is approved. */
    @Test
    @Order(10)
    void titleAndExcerptAreSentAndMustBeTheApprovedOnes() {
        String title = unique("2024年12月空气质量通报");
        String text = unique("本月全市空气质量总体良好，优良天数比例同比上升。");
        Approved a = approved(title, "<p>" + text + "</p>");
        long id = draftPost("posts", "机密★5年 关于空气质量的通报", paragraph(text));

        assertThat(reasonCodes(update("posts", id, Map.of("status", "publish")))).contains("title-changed");
        assertThat(reasonCodes(update("posts", id, Map.of("status", "publish", "title", title,
                "excerpt", "秘密★1年 空气质量情况内部通报")))).contains("excerpt-changed");
        assertThat(publicStatus(id)).isEqualTo(404);

        update("posts", id, Map.of("status", "publish", "title", title, "excerpt", "")).then().statusCode(200);
        Document page = publicPage(id);
        assertThat(page.selectFirst("h1.wp-block-post-title").text()).isEqualTo(title);
        assertThat(page.title()).startsWith(title);
        assertThat(page.text()).doesNotContain("机密", "秘密");
        Document feed = Jsoup.parse(site().fetch("/feed/").body(), "", Parser.xmlParser());
        org.jsoup.nodes.Element item = feed.select("item").stream()
                .filter(i -> i.selectFirst("link").text().endsWith("/archives/" + id)).findFirst().orElseThrow();
        assertThat(item.selectFirst("title").text()).isEqualTo(title);
        assertThat(text).startsWith(item.selectFirst("description").text().replace(" [&hellip;]", "").replace(" […]", "").strip());
        assertThat(registerRow(publicationOf(id)).getString("title")).isEqualTo(title);
    }

    /** Case 2: every save of a live post is compared canonically by the service, markup included. */
    @Test
    @Order(20)
    void changesOfALivePostThatTheTextComparisonMissedAreRefused() {
        String text = unique("关于办理居住证的说明，详见") ;
        String approvedHtml = "<p>" + text + "<a href=\"https://www.example.gov.cn/banshi/1\">办事指南</a></p>";
        Approved a = approved(unique("居住证办理说明"), approvedHtml);
        long id = draftPost("posts", a.title(), paragraph(inner(approvedHtml)));
        update("posts", id, Map.of("status", "publish")).then().statusCode(200);
        long publication = publicationOf(id);
        String before = contentHtml(publicPage(id));

        List<String> changed = List.of(
                paragraph(inner(approvedHtml)) + "\n<!-- wp:image -->\n<figure class=\"wp-block-image\"><img src=\"https://www.example.gov.cn/logo.png\" alt=\"机密★5年 内部资料\"/></figure>\n<!-- /wp:image -->",
                paragraph(text + "<!-- 机密★5年 --><a href=\"https://www.example.gov.cn/banshi/1\">办事指南</a>"),
                paragraph(text + "<a href=\"https://www.example.gov.cn/banshi/2\">办事指南</a>"));
        for (String content : changed) {
            List<String> codes = reasonCodes(update("posts", id, Map.of("content", content)));
            assertThat(codes).as(content).isNotEmpty().doesNotContain("unknown-content");
            assertThat(contentHtml(publicPage(id))).isEqualTo(before);
            assertThat(edited("posts", id).getString("content.raw")).isEqualTo(paragraph(inner(approvedHtml)));
        }
        // a save that changes nothing readers get is allowed and records nothing new
        update("posts", id, Map.of("content", paragraph(inner(approvedHtml)), "title", a.title())).then().statusCode(200);
        assertThat(publicationOf(id)).isEqualTo(publication);
        assertThat(registerRowsOf(a.id())).hasSize(1);
    }

    /** Case 3: the gate sees reusable blocks expanded; editing one re-checks the live posts that show it. */
    @Test
    @Order(30)
    void reusableBlocksAreExpandedAndTheirEditsAreCheckedForEveryLivePostUsingThem() {
        String shared = unique("本网站信息均经保密审查后公开。");
        long block = site().rest().contentType(ContentType.JSON)
                .body(Map.of("title", "页脚说明", "content", paragraph(shared), "status", "publish"))
                .post("/wp/v2/blocks").then().statusCode(201).extract().jsonPath().getLong("id");
        String own = unique("关于开展消防安全检查的通知。");
        Approved a = approved(unique("消防安全检查通知"), "<p>" + own + "</p><p>" + shared + "</p>");
        long id = draftPost("posts", a.title(), paragraph(own) + "\n\n<!-- wp:block {\"ref\":" + block + "} /-->");
        update("posts", id, Map.of("status", "publish")).then().statusCode(200);
        assertThat(publicPage(id).text()).contains(own, shared);

        Response refused = site().rest().contentType(ContentType.JSON)
                .body(Map.of("content", paragraph(shared + "机密★5年 内部通讯录见附件")))
                .post("/wp/v2/blocks/" + block);
        assertThat(reasonCodes(refused)).isNotEmpty();
        assertThat(refused.jsonPath().getString("message")).contains(a.title());
        assertThat(site().rest().get("/wp/v2/blocks/" + block + "?context=edit").then().statusCode(200)
                .extract().jsonPath().getString("content.raw")).isEqualTo(paragraph(shared));
        assertThat(publicPage(id).text()).doesNotContain("机密");
    }

    /** Case 3, attacked: a live post refers to a reusable block that does not exist yet; the block that gets that ID is checked. */
    @Test
    @Order(31)
    void aReusableBlockCreatedForAnIdALivePostAlreadyRefersToIsChecked() {
        String own = unique("关于做好汛期安全工作的通知。");
        Approved a = approved(unique("汛期安全通知"), "<p>" + own + "</p>");
        long future = Long.parseLong(site().eval("global $wpdb; return 1000 + (int) $wpdb->get_var(\"SELECT MAX(ID) FROM {$wpdb->posts}\");"));
        long id = draftPost("posts", a.title(), paragraph(own) + "\n\n<!-- wp:block {\"ref\":" + future + "} /-->");
        update("posts", id, Map.of("status", "publish")).then().statusCode(200); // the block renders nothing yet
        String marking = "机密★5年 防汛物资储备点分布";
        long block = Long.parseLong(site().eval("return wp_insert_post(array('import_id' => " + future + ", 'post_type' => 'wp_block',"
                + " 'post_status' => 'publish', 'post_title' => 'later', 'post_content' => "
                + WordPressSite.phpString(paragraph(marking)) + "));"));
        assertThat(block).isEqualTo(future);
        assertThat(site().eval("return get_post_status(" + block + ");")).isEqualTo("\"draft\"");
        assertThat(publicPage(id).text()).contains(own).doesNotContain("防汛物资");
    }

    /** Case 4: WordPress's block delimiters are markup, not hidden content. */
    @Test
    @Order(40)
    void blockEditorMarkupIsNotHiddenContentAndNeedsNoLeader() {
        String text = unique("关于做好春节期间值班工作的通知。");
        String blockContent = paragraph(text) + "\n\n<!-- wp:heading -->\n<h2>值班安排</h2>\n<!-- /wp:heading -->";
        String title = unique("春节值班通知");
        JsonPath created = submitted(title, blockContent);
        assertThat(created.getString("inspection.verdict")).isEqualTo("PASS");
        assertThat(created.getList("inspection.findings.rule", String.class)).doesNotContain("hidden.html-comment");
        assertThat(created.getList("chain", String.class)).doesNotContain("LEADER");
        Approved a = WordPressFixtures.approve(created, title, blockContent);
        long id = draftPost("posts", a.title(), blockContent);
        update("posts", id, Map.of("status", "publish")).then().statusCode(200);
        assertThat(publicPage(id).select(".wp-block-post-content h2").text()).isEqualTo("值班安排");
    }

    /** Case 5: what readers see is what was approved — no curly quotes, dashes, × or emoji after approval. */
    @Test
    @Order(50)
    void wordPressDoesNotRetypesetApprovedText() {
        String text = unique("他说\"按期完成\"--请于3x4号楼领取:) 详见Wordpress站点");
        String approvedHtml = "<p>" + text.replace("\"", "&quot;") + "</p>";
        Approved a = approved(unique("领取通知"), approvedHtml);
        long id = draftPost("posts", a.title(), paragraph(text));
        update("posts", id, Map.of("status", "publish")).then().statusCode(200);
        Document page = publicPage(id);
        assertThat(page.selectFirst(".wp-block-post-content p").text()).isEqualTo(text);
        assertThat(page.select("img.wp-smiley, img.emoji")).isEmpty();
        assertThat(site().fetch("/archives/" + id).body()).doesNotContain("&#8221;", "&#8211;", "&#215;", "wp-emoji");
        String feed = site().fetch("/feed/").body();
        assertThat(feed).contains("按期完成").doesNotContain("&#8220;按期完成");
    }

    /** Case 8: unpublishing and trashing record a withdrawal; the withdrawn approval does not publish again. */
    @Test
    @Order(80)
    void unpublishAndTrashRecordAWithdrawal() {
        Approved trashed = approved(unique("移至回收站的通知"), "<p>" + unique(CLEAN) + "</p>");
        long t = draftPost("posts", trashed.title(), paragraph(inner(trashed.body())));
        update("posts", t, Map.of("status", "publish")).then().statusCode(200);
        long tp = publicationOf(t);
        site().rest().delete("/wp/v2/posts/" + t).then().statusCode(200);
        JsonPath row = registerRow(tp);
        assertThat(row.getString("withdrawnAt")).isNotNull();
        assertThat(row.getString("withdrawalReason")).contains("回收站");

        Approved unpublished = approved(unique("撤回为草稿的通知"), "<p>" + unique(CLEAN) + "</p>");
        long u = draftPost("posts", unpublished.title(), paragraph(inner(unpublished.body())));
        update("posts", u, Map.of("status", "publish")).then().statusCode(200);
        long up = publicationOf(u);
        update("posts", u, Map.of("status", "draft")).then().statusCode(200);
        assertThat(registerRow(up).getString("withdrawnAt")).isNotNull();
        assertThat(publicStatus(u)).isEqualTo(404);
        // the same text again: the service says it was withdrawn (not "published twice")
        assertThat(reasonCodes(update("posts", u, Map.of("status", "publish")))).contains("withdrawn");
    }

    /** Case 9: "connected" means the account has the CMS role. */
    @Test
    @Order(90)
    void theSettingsPageSaysConnectedOnlyForAnAccountWithTheCmsRole() {
        WordPressSite wp = site();
        wp.eval("$s = get_option('secrecy_review_gate_settings'); $s['username'] = 'editor'; $s['password'] = 'editor';"
                + " update_option('secrecy_review_gate_settings', $s); return true;");
        try {
            Document page = Jsoup.parse(wp.signIn(wp.adminUser(), wp.adminPassword())
                    .get("/wp-admin/options-general.php?page=secrecy-review-gate").body());
            assertThat(page.select(".wrap").text()).doesNotContain("已连接").contains("没有 CMS 角色");
            assertThat(page.selectFirst("#srg-connection").attr("data-state")).isEqualTo("no-cms-role");
        } finally {
            wp.eval("$s = get_option('secrecy_review_gate_settings'); $s['username'] = 'cms'; $s['password'] = 'cms';"
                    + " update_option('secrecy_review_gate_settings', $s); return true;");
        }
        Document page = Jsoup.parse(wp.signIn(wp.adminUser(), wp.adminPassword())
                .get("/wp-admin/options-general.php?page=secrecy-review-gate").body());
        assertThat(page.selectFirst("#srg-connection").attr("data-state")).isEqualTo("connected");
    }

    /** Case 10: uploads are checked before they become public; what does not pass stays private with its reasons. */
    @Test
    @Order(100)
    void mediaUploadsAreCheckedAndFilesThatDoNotPassStayPrivate() {
        WordPressSite wp = site();
        byte[] secret = ("机密★5年\n" + unique("关于重点项目资金审计情况的报告")).getBytes(StandardCharsets.UTF_8);
        JsonPath held = upload("baogao.txt", secret);
        assertThat(held.getString("status")).isEqualTo("private");
        assertThat(held.getBoolean("secrecy_review.public")).isFalse();
        assertThat(held.getString("secrecy_review.verdict")).isEqualTo("BLOCK");
        assertThat(held.getList("secrecy_review.reasons", String.class)).isNotEmpty();
        assertThat(wp.fetch(held.getString("source_url")).status()).isEqualTo(404);
        assertThat(wp.fetch("/wp-json/wp/v2/media/" + held.getLong("id")).status()).isIn(401, 403, 404);
        assertThat(wp.fetch("/?attachment_id=" + held.getLong("id")).status()).isEqualTo(404);
        String mediaScreen = wp.signIn(wp.editorUser(), wp.editorPassword()).get("/wp-admin/upload.php?mode=list").body();
        Document screen = Jsoup.parse(mediaScreen);
        assertThat(screen.select("td.column-secrecy_review .srg-media-held").text()).contains("未公开");
        assertThat(screen.select(".srg-held-files").text()).contains("baogao");

        byte[] clean = unique(CLEAN).getBytes(StandardCharsets.UTF_8);
        JsonPath passed = upload("tongzhi.txt", clean);
        assertThat(passed.getString("status")).isEqualTo("inherit");
        WordPressSite.Page file = wp.fetch(passed.getString("source_url"));
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(clean);
    }

    /** Case 10, continued: a held file becomes public with the page whose approval carries it. */
    @Test
    @Order(101)
    void aHeldFileIsPublishedWithTheApprovedPageThatCarriesIt() {
        WordPressSite wp = site();
        byte[] warn = ("办公室联系人：张三，手机 13912345678。" + unique("报名表")).getBytes(StandardCharsets.UTF_8);
        JsonPath held = upload("baomingbiao.txt", warn);
        assertThat(held.getString("status")).isEqualTo("private");
        String url = held.getString("source_url");
        assertThat(wp.fetch(url).status()).isEqualTo(404);

        String text = unique("报名表见附件：");
        String html = "<p>" + text + "<a href=\"" + url + "\">报名表</a></p>";
        Approved a = approved(unique("报名通知"), html, new Attachment("baomingbiao.txt", warn));
        long id = draftPost("posts", a.title(), paragraph(inner(html)));
        update("posts", id, Map.of("status", "publish")).then().statusCode(200);
        WordPressSite.Page file = wp.fetch(url);
        assertThat(file.status()).isEqualTo(200);
        assertThat(sha256(file.body().getBytes(StandardCharsets.UTF_8))).isEqualTo(sha256(warn));
        assertThat(site().rest().get("/wp/v2/media/" + held.getLong("id") + "?context=edit").then().statusCode(200)
                .extract().jsonPath().getString("status")).isEqualTo("inherit");
    }

    /** Case 10: an image in the content and a featured image are checked by their bytes. */
    @Test
    @Order(102)
    void imagesAndTheFeaturedImageAreComparedByTheirSha256() {
        byte[] png = tinyPng(7);
        JsonPath image = upload("tupian.png", png);
        String url = image.getString("source_url");
        String text = unique("现场照片如下。");
        String html = "<p>" + text + "</p><figure class=\"wp-block-image\"><img src=\"" + url + "\" alt=\"现场照片\"/></figure>";
        Approved a = approved(unique("现场照片"), html, new Attachment("tupian.png", png));
        String content = paragraph(text) + "\n\n<!-- wp:image -->\n<figure class=\"wp-block-image\"><img src=\"" + url
                + "\" alt=\"现场照片\"/></figure>\n<!-- /wp:image -->";
        long id = draftPost("posts", a.title(), content);
        // a featured image that is not part of the approval
        JsonPath other = upload("qita.png", tinyPng(9));
        assertThat(reasonCodes(update("posts", id, Map.of("status", "publish", "featured_media", other.getLong("id")))))
                .contains("media-changed");
        update("posts", id, Map.of("status", "publish", "featured_media", 0)).then().statusCode(200);
        assertThat(publicPage(id).select(".wp-block-post-content img").attr("src")).isEqualTo(url);
        // later: a featured image set on the live post
        assertThat(reasonCodes(update("posts", id, Map.of("featured_media", other.getLong("id"))))).contains("media-changed");
        assertThat(edited("posts", id).getLong("featured_media")).isZero();
    }

    /** Case 11: a hung service costs one short wait per minute, not two long ones per screen; Quick Edit says why. */
    @Test
    @Order(110)
    void aHungServiceIsAskedOnceForRemindersAndQuickEditShowsTheRefusal() throws IOException {
        WordPressSite wp = site();
        try (HangingServer hung = new HangingServer()) {
            wp.setServiceUrl("http://127.0.0.1:" + hung.port());
            WordPressSite.AdminSession admin = wp.signIn(wp.adminUser(), wp.adminPassword());
            HttpResponse<String> editor = admin.get("/wp-admin/post-new.php");
            assertThat(editor.statusCode()).isEqualTo(200);
            assertThat(editor.body()).contains("暂时无法从保密审查服务获取本渠道的保密提醒");
            assertThat(hung.connections()).isEqualTo(1);
            assertThat(admin.get("/wp-admin/post-new.php?post_type=page").statusCode()).isEqualTo(200);
            assertThat(hung.connections()).isEqualTo(1);
        } finally {
            wp.setServiceUrl("http://127.0.0.1:" + io.restassured.RestAssured.port);
        }

        long id = draftPost("posts", "快速编辑的稿件", paragraph(unique("没有审查过的内容")));
        WordPressSite.AdminSession editorSession = wp.signIn(wp.editorUser(), wp.editorPassword());
        Document list = Jsoup.parse(editorSession.get("/wp-admin/edit.php").body());
        String nonce = list.selectFirst("#_inline_edit").val();
        HttpResponse<String> quick = editorSession.postForm("/wp-admin/admin-ajax.php", Map.of(
                "action", "inline-save", "_inline_edit", nonce, "post_ID", Long.toString(id), "post_type", "post",
                "screen", "edit-post", "post_title", "快速编辑的稿件", "post_name", "", "_status", "publish"));
        assertThat(quick.body()).contains("保密审查未通过").doesNotContain("<tr");
        assertThat(edited("posts", id).getString("status")).isEqualTo("draft");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void thePluginLogsNoPhpWarning() {
        assertThat(site().pluginLogLines()).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /** The inner HTML of a single <p>…</p>. */
    private static String inner(String p) {
        assertThat(p).startsWith("<p>").endsWith("</p>");
        return p.substring(3, p.length() - 4);
    }

    private static JsonPath upload(String filename, byte[] bytes) {
        String type = filename.endsWith(".png") ? "image/png" : "text/plain";
        return site().rest().header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .contentType(type).body(bytes).post("/wp/v2/media").then().statusCode(201).extract().jsonPath();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A small PNG (no text in it), different for each seed. */
    private static byte[] tinyPng(int seed) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(24, 16, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 24; x++) {
            for (int y = 0; y < 16; y++) {
                img.setRGB(x, y, (seed * 40 + x * 5) << 16 | (y * 9) << 8 | seed * 20);
            }
        }
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server on 127.0.0.1 that accepts connections and never answers (a hung service); counts connections. */
    static final class HangingServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger connections = new AtomicInteger();
        private final List<Socket> open = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Thread acceptor;

        HangingServer() throws IOException {
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        connections.incrementAndGet();
                        open.add(s); // read nothing, answer nothing
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "hanging-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (open) {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }
}
