package cn.disclosure.review.patrol;

import cn.disclosure.review.support.Browser;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import cn.disclosure.review.support.PatrolSite;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Screenshots of the 保密办's pages for docs/ (巡检, 抽查, 通报, 自查自评, 整改), made with headless
 * Chromium against data made through the API. Opt-in (slow, and it writes into docs/):
 * {@code mvn test -Dtest=OversightScreenshotsTest -Dreview.screenshots=true}.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@EnabledIfSystemProperty(named = "review.screenshots", matches = "true")
class OversightScreenshotsTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void screenshotsOfTheOversightPages() throws Exception {
        PatrolSite.start();
        String site = PatrolSite.base();
        String k = UUID.randomUUID().toString().substring(0, 8);
        String text = PatrolTest.article("（第四季度）");
        long ok = PatrolTest.publish("关于开展安全生产检查的通知", text, site + "/tzgg/" + k + "-1.html");
        PatrolSite.html("/tzgg/" + k + "-1.html", PatrolTest.page("关于开展安全生产检查的通知", text, null));
        String edited = text.replace("各科室", "各单位");
        PatrolTest.publish("关于调整安全生产检查时间的通知", edited, site + "/tzgg/" + k + "-2.html");
        PatrolSite.html("/tzgg/" + k + "-2.html", PatrolTest.page("关于调整安全生产检查时间的通知", edited.replace("12月15日", "12月31日"), null));
        String marked = text.replace("特此通知", "特此通知，请遵照执行");
        PatrolTest.publish("关于安全生产检查范围的通知", marked, site + "/tzgg/" + k + "-3.html");
        PatrolSite.html("/tzgg/" + k + "-3.html", PatrolTest.page("关于安全生产检查范围的通知", marked, "相关文件：检查要点（机密★5年）"));
        PatrolTest.publish("关于安全生产检查总结的通知", text.replace("特此通知", "特此通报"), site + "/tzgg/" + k + "-4.html");
        PatrolSite.html("/tzgg/" + k + "-5.html", PatrolTest.page("未登记的通知", "各科室：这是一篇没有登记的通知。", null));
        PatrolSite.serve("/sitemap-" + k + ".xml", ex -> PatrolSite.send(ex, 200, "application/xml",
                "<urlset><url><loc>" + site + "/tzgg/" + k + "-1.html</loc></url><url><loc>" + site + "/tzgg/" + k
                        + "-5.html</loc></url></urlset>"));
        long patrol = as("office").contentType(ContentType.JSON).body(Map.of("sitemaps", List.of(site + "/sitemap-" + k + ".xml")))
                .post("/api/v1/patrols").then().statusCode(202).extract().jsonPath().getLong("id");
        PatrolTest.awaitDone(patrol);

        // a spot check of the department, recorded and closed
        JsonPath check = as("office").contentType(ContentType.JSON)
                .body(Map.of("from", PatrolTest.TODAY, "to", PatrolTest.TODAY, "department", PatrolTest.DEPT, "size", 4,
                        "seed", "2026年12月 抽查种子", "title", "2026年12月信息公开保密抽查"))
                .post("/api/v1/spot-checks").then().statusCode(201).extract().jsonPath();
        long id = check.getLong("id");
        List<Long> sample = check.getList("sample.publicationId", Long.class);
        for (Long p : sample) {
            Map<String, Object> result = p == ok ? Map.of("result", "OK", "note", "审批手续完备，页面与审查内容一致")
                    : Map.of("result", "PROBLEM", "problem", "CONTENT_MISMATCH", "note", "网站页面与审查通过的内容不一致");
            as("office").contentType(ContentType.JSON).body(result).put("/api/v1/spot-checks/" + id + "/items/" + p)
                    .then().statusCode(200);
        }
        as("office").contentType(ContentType.JSON).body(Map.of("summary", "抽查发现页面在审查后被修改，已要求整改。"))
                .post("/api/v1/spot-checks/" + id + "/close").then().statusCode(200);

        String root = base.toString().replaceAll("/$", "");
        try (Browser b = new Browser(root)) {
            b.signIn("office", "office");
            shot(b, "/ui/patrols", "patrols");
            shot(b, "/ui/patrols/" + patrol, "patrol");
            shot(b, "/ui/spot-checks/" + id, "spot-check");
            shot(b, "/ui/spot-checks/" + id + "/report", "spot-check-report");
            shot(b, "/ui/self-inspection?department=" + java.net.URLEncoder.encode(PatrolTest.DEPT, java.nio.charset.StandardCharsets.UTF_8),
                    "self-inspection");
            shot(b, "/ui/rectifications?status=ALL&department="
                    + java.net.URLEncoder.encode(PatrolTest.DEPT, java.nio.charset.StandardCharsets.UTF_8), "rectifications");
        }
    }

    /** A screenshot of the whole page (up to 2400 px high) into docs/. */
    private static void shot(Browser b, String path, String name) throws Exception {
        b.driver().manage().window().setSize(new Dimension(1366, 768));
        b.open(path);
        b.find(By.tagName("main"));
        long height = (Long) ((JavascriptExecutor) b.driver()).executeScript("return document.documentElement.scrollHeight;");
        b.driver().manage().window().setSize(new Dimension(1366, (int) Math.min(2400, Math.max(768, height + 140))));
        Path png = b.screenshot(name);
        assertThat(Files.size(png)).isPositive();
        Files.copy(png, Path.of("docs", name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
