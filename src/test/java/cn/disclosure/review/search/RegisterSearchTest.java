package cn.disclosure.review.search;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.disclosure.review.intake.DraftFixtures.approve;
import static cn.disclosure.review.intake.DraftFixtures.draft;
import static cn.disclosure.review.intake.DraftFixtures.submit;
import static cn.disclosure.review.support.Accounts.anonymous;
import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;

/** Register search over HTTP against the real database and a real index on disk. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
public class RegisterSearchTest {
    private static final String STEMS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳";

    /** A run of Chinese characters nobody else's text contains (same in 简体 and 繁体). */
    public static String marker() {
        StringBuilder sb = new StringBuilder();
        for (char c : UUID.randomUUID().toString().replace("-", "").substring(0, 12).toCharArray()) {
            sb.append(STEMS.charAt(Character.digit(c, 16)));
        }
        return sb.toString();
    }

    /** Publishes a draft of the editor's department (办公室); returns the publication id. */
    public static long publish(String title, String body) {
        JsonPath created = submit(as("editor"), draft(title, body)).statusCode(201).extract().jsonPath();
        approve(as("reviewer"), created.getLong("id"), created.getString("contentHash")).statusCode(201);
        approve(as("office"), created.getLong("id"), created.getString("contentHash")).statusCode(201);
        return ((Number) as("editor").contentType(ContentType.JSON).body(Map.of("channel", "WEBSITE", "url", "https://www.example.gov.cn/s.html"))
                .post("/api/v1/drafts/" + created.getLong("id") + "/publications").then().statusCode(201)
                .extract().path("publicationId")).longValue();
    }

    private static List<Long> found(String who, String query) {
        return as(who).queryParam("q", query).get("/api/v1/register/search").then().statusCode(200)
                .extract().jsonPath().getList("items.publicationId", Long.class);
    }

    @Test
    void publishSearchWithdrawRebuild() {
        String m = marker();
        long pub = publish("关于机关学习活动的通知" + m, "各科室：机关学习活动定于下周举行，暗号" + m + "，请准时参加。");
        long other = publish("关于年度体检的通知" + m, "体检安排见附件，暗号" + m + "。");

        // an exact substring from the middle of the text; 繁体 and full-width queries find 简体 text
        assertThat(found("editor", m.substring(3, 9))).containsExactlyInAnyOrder(pub, other);
        assertThat(found("office", "機關學習活動 " + m)).containsExactly(pub);
        assertThat(found("office", "\"学习活动定于\" " + m)).containsExactly(pub);
        assertThat(found("office", "活动学习 " + m)).isEmpty();
        // AND / OR / -
        assertThat(found("office", m + " AND 体检")).containsExactly(other);
        assertThat(found("office", m + " (学习 OR 体检)")).containsExactlyInAnyOrder(pub, other);
        assertThat(found("office", m + " -体检")).containsExactly(pub);

        JsonPath hit = as("editor").queryParam("q", "学习活动 " + m).get("/api/v1/register/search").then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].publicationId", equalTo((int) pub))
                .body("items[0].department", equalTo("办公室"))
                .body("items[0].channel", equalTo("WEBSITE"))
                .body("items[0].withdrawn", equalTo(false))
                .extract().jsonPath();
        assertThat(hit.getLong("items[0].draftId")).isPositive();
        assertThat(hit.getString("items[0].url")).isEqualTo("https://www.example.gov.cn/s.html");
        assertThat(hit.getString("items[0].publishedAt")).isNotBlank();
        List<String> highlights = hit.getList("items[0].highlights", String.class);
        assertThat(highlights).isNotEmpty().anyMatch(s -> s.contains("<em>学习活动</em>") || s.contains("<em>学习活动"));

        // filters: another department, another channel, a later day
        String tomorrow = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(1).toString();
        as("office").queryParam("q", m).queryParam("department", "财务科").get("/api/v1/register/search").then()
                .statusCode(200).body("total", equalTo(0));
        as("office").queryParam("q", m).queryParam("channel", "WECHAT").get("/api/v1/register/search").then()
                .statusCode(200).body("total", equalTo(0));
        as("office").queryParam("q", m).queryParam("from", tomorrow).get("/api/v1/register/search").then()
                .statusCode(200).body("total", equalTo(0));
        as("office").queryParam("q", m).queryParam("page", 2).get("/api/v1/register/search").then()
                .statusCode(200).body("total", equalTo(2)).body("items", hasSize(0));

        // a withdrawal updates the index
        as("editor").contentType(ContentType.JSON).body(Map.of("reason", "内容需要更正"))
                .post("/api/v1/publications/" + pub + "/withdrawal").then().statusCode(201);
        as("office").queryParam("q", "学习活动 " + m).get("/api/v1/register/search").then().statusCode(200)
                .body("items[0].withdrawn", equalTo(true));

        // a rebuild from the database gives the same answers
        as("admin").post("/api/v1/register/index/rebuild").then().statusCode(200)
                .body("documents", greaterThanOrEqualTo(2));
        assertThat(found("office", m)).containsExactlyInAnyOrder(pub, other);
        as("office").queryParam("q", "学习活动 " + m).get("/api/v1/register/search").then().statusCode(200)
                .body("items[0].withdrawn", equalTo(true));

        // the 发布登记 page shows the hits with highlights
        String html = as("editor").queryParam("q", "体检 " + m).get("/ui/register").then().statusCode(200).extract().asString();
        assertThat(html).contains("data-publication=\"" + other + "\"").contains("<em>");
    }

    @Test
    void rolesAndBadInput() {
        as("cms").queryParam("q", "通知").get("/api/v1/register/search").then().statusCode(403);
        as("editor").post("/api/v1/register/index/rebuild").then().statusCode(403);
        as("office").post("/api/v1/register/index/rebuild").then().statusCode(403);
        anonymous().queryParam("q", "通知").get("/api/v1/register/search").then().statusCode(401);
        as("office").queryParam("q", "(通知").get("/api/v1/register/search").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("query-invalid"));
        as("office").queryParam("page", 0).get("/api/v1/register/search").then().statusCode(400)
                .body("code", equalTo("bad-page"));
        as("office").queryParam("from", "昨天").get("/api/v1/register/search").then().statusCode(400)
                .body("code", equalTo("bad-date"));
        as("office").queryParam("q", "x".repeat(600)).get("/api/v1/register/search").then().statusCode(400)
                .body("code", equalTo("query-too-long"));
    }
}
