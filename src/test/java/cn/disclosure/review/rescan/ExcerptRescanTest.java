package cn.disclosure.review.rescan;

import cn.disclosure.review.search.RegisterSearchTest;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Registering a protected document rescans what is published (issue 10 §2, §4): over HTTP with the
 * real database, an item that went online with a passage of the document before it was registered
 * is found — although that passage now counts as public for new drafts — with an EXCERPT finding
 * and a 整改 item; an item sharing only 29 letters, a withdrawn item and an unrelated one are not.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class ExcerptRescanTest {

    @Test
    void registeringAProtectedDocumentFindsAPublishedExcerpt() throws Exception {
        String m = RegisterSearchTest.marker();
        // 42 letters the protected document will hold (with the marker, so no other test's text shares them)
        String passage = "边境巡逻路线调整为沿河北岸向东推进十二公里每日零时与六时各交接一次" + m;
        // published with other punctuation and in 繁体: the letters are what counts
        String published = "邊境巡邏路線調整為：沿河北岸向東推進十二公里，每日零時與六時各交接一次" + m;
        long hit = RegisterSearchTest.publish("关于边境工作的信息" + m, "各科室：" + published + "。其余工作照常。");
        // the same passage cut to 29 letters: shares grams, never a run of 30
        long short29 = RegisterSearchTest.publish("关于巡逻安排的说明" + m, "据悉，" + passage.substring(0, 29) + "。");
        long withdrawn = RegisterSearchTest.publish("关于边境巡逻的通知" + m, "通知：" + passage + "。");
        as("editor").contentType(ContentType.JSON).body(Map.of("reason", "已过时效"))
                .post("/api/v1/publications/" + withdrawn + "/withdrawal").then().statusCode(201);
        long unrelated = RegisterSearchTest.publish("关于办公用品采购的通知" + m, "采购清单见附件，请各科室核对。");

        String title = "边境勤务安排" + m;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("title", title);
        doc.put("level", "机密");
        doc.put("text", "一、总体安排。" + passage + "。二、其他事项另行通知，各单位严格执行值班制度并及时报告情况。");
        JsonPath registered = as("office").contentType(ContentType.JSON).body(doc).post("/api/v1/protected-documents")
                .then().statusCode(201).extract().jsonPath();
        long documentId = registered.getLong("id");
        try {
            long id = awaitRescan(title);
            JsonPath run = as("office").get("/api/v1/rescans/" + id).then().statusCode(200)
                    .body("trigger.type", equalTo("PROTECTED_DOCUMENT"))
                    .body("trigger.name", equalTo(title))
                    .body("trigger.version", equalTo((int) documentId))
                    .body("status", equalTo("DONE"))
                    .extract().jsonPath();
            List<Long> hits = run.getList("hits.publicationId", Long.class);
            assertThat(hits).containsExactly(hit).doesNotContain(short29, withdrawn, unrelated);
            assertThat(run.getString("hits[0].findings[0].category")).isEqualTo("EXCERPT");
            assertThat(run.getString("hits[0].findings[0].severity")).isEqualTo("BLOCK");
            assertThat(run.getString("hits[0].findings[0].rule")).isEqualTo("excerpt.protected-document:" + documentId);
            assertThat(run.getString("hits[0].findings[0].part")).isEqualTo("body");
            assertThat(run.getString("hits[0].findings[0].message")).contains("《" + title + "》");
            assertThat(run.getInt("progress.done")).isEqualTo(run.getInt("progress.total"));
            long rectification = run.getLong("hits[0].rectificationId");

            // the 整改 item: for the department and the 保密办, naming the document, without the published text
            JsonPath items = as("editor").get("/api/v1/rectifications?status=OPEN").then().statusCode(200).extract().jsonPath();
            String path = "find { it.id == " + rectification + " }";
            assertThat(items.getLong(path + ".publicationId")).isEqualTo(hit);
            assertThat(items.getString(path + ".sourceType")).isEqualTo("RESCAN");
            assertThat(items.getString(path + ".summary")).contains("《" + title + "》").doesNotContain("边境巡逻路线")
                    .doesNotContain("邊境巡邏路線");
            // the text of the protected document is still nowhere in its answers
            assertThat(as("office").get("/api/v1/rescans/" + id).then().extract().asString()).doesNotContain("边境巡逻路线");
        } finally {
            as("admin").delete("/api/v1/protected-documents/" + documentId).then().statusCode(204);
        }
    }

    private static long awaitRescan(String title) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            JsonPath list = as("office").get("/api/v1/rescans").then().statusCode(200).extract().jsonPath();
            Object id = list.get("find { it.trigger.name == '" + title + "' && it.status != 'RUNNING' }.id");
            if (id != null) {
                assertThat(list.getString("find { it.id == " + id + " }.status")).isEqualTo("DONE");
                return ((Number) id).longValue();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the rescan after registering " + title + " did not finish");
    }
}
