package cn.disclosure.review.rescan;

import cn.disclosure.review.search.RegisterSearchTest;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A lexicon change rescans what is published: over HTTP, with the real database, the real index on
 * disk and the real inspection engine; hits open 整改 items and {@code rescan.hit} webhooks.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class RescanTest {
    @jakarta.inject.Inject
    cn.disclosure.review.search.RegisterIndex index;

    @Test
    void aNewTermFindsAPublishedItemAndOpensARectification() throws Exception {
        String m = RegisterSearchTest.marker();
        String term = "项目代号" + m;
        long hit = RegisterSearchTest.publish("关于项目进展的通报" + m, "各科室：本季度重点工作进展顺利，其中项目代号" + m + "已完成验收。");
        // more hits than one batch (the test profile confirms two candidates per transaction)
        long second = RegisterSearchTest.publish("关于项目经费的说明" + m, "项目代号" + m + "的经费已拨付。");
        long third = RegisterSearchTest.publish("关于项目人员的通知" + m, "参加项目代号" + m + "的人员名单见附件。");
        long withdrawn = RegisterSearchTest.publish("关于项目验收的通知" + m, "项目代号" + m + "的验收安排另行通知。");
        long clean = RegisterSearchTest.publish("关于办公用品采购的通知" + m, "采购清单见附件，" + m + "。");
        as("editor").contentType(ContentType.JSON).body(Map.of("reason", "已过时效"))
                .post("/api/v1/publications/" + withdrawn + "/withdrawal").then().statusCode(201);

        long webhook;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            webhook = ((Number) as("cms").contentType(ContentType.JSON)
                    .body(Map.of("channel", "WEBSITE", "url", "http://127.0.0.1:" + closed.getLocalPort() + "/rescan-hook"))
                    .post("/api/v1/webhooks").then().statusCode(201).extract().path("id")).longValue();
        }
        try {
            assertThat(index.candidates(List.of(term))).containsExactlyInAnyOrder(hit, second, third);
            String lexicon = "rescan-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
            as("admin").contentType("text/tab-separated-values; charset=UTF-8").body(term + "\tBLOCK\t测试用\n")
                    .put("/api/v1/lexicons/" + lexicon).then().statusCode(200);

            long id = awaitRescan(lexicon);
            JsonPath run = as("office").get("/api/v1/rescans/" + id).then().statusCode(200)
                    .body("trigger.type", equalTo("LEXICON"))
                    .body("trigger.name", equalTo(lexicon))
                    .body("trigger.version", equalTo(1))
                    .body("status", equalTo("DONE"))
                    .extract().jsonPath();
            // the withdrawn item is no candidate; the clean one shares the marker but not the term
            assertThat(run.getList("hits.publicationId", Long.class)).containsExactlyInAnyOrder(hit, second, third);
            assertThat(run.getInt("progress.done")).isEqualTo(run.getInt("progress.total")).isEqualTo(3);
            String first = "hits.find { it.publicationId == " + hit + " }";
            assertThat(run.getString(first + ".title")).startsWith("关于项目进展的通报");
            assertThat(run.getString(first + ".department")).isEqualTo("办公室");
            assertThat(run.getString(first + ".findings[0].severity")).isEqualTo("BLOCK");
            assertThat(run.getString(first + ".findings[0].rule")).isEqualTo("term." + lexicon);
            assertThat(run.getList("hits.rectificationId", Long.class)).doesNotContainNull().doesNotHaveDuplicates();
            long rectification = run.getLong(first + ".rectificationId");
            assertThat(clean).isNotEqualTo(hit);

            // the 整改 item: open for the department and the 保密办, its summary without the published text
            JsonPath item = as("editor").get("/api/v1/rectifications?status=OPEN").then().statusCode(200)
                    .extract().jsonPath();
            String path = "find { it.id == " + rectification + " }";
            assertThat(item.getString(path + ".sourceType")).isEqualTo("RESCAN");
            assertThat(item.getLong(path + ".sourceId")).isEqualTo(id);
            assertThat(item.getLong(path + ".publicationId")).isEqualTo(hit);
            assertThat(item.getString(path + ".summary")).contains(lexicon).doesNotContain(m);
            as("office").get("/api/v1/rectifications?status=OPEN").then().statusCode(200)
                    .body(path + ".department", equalTo("办公室"));

            // the webhook event, with ids and no content
            List<String> payloads = deliveries(webhook, "rescan.hit");
            assertThat(payloads).hasSize(3).noneMatch(p -> p.contains(m));
            assertThat(payloads).anySatisfy(p -> assertThat(p).contains("\"rectificationId\":" + rectification)
                    .contains("\"publicationId\":" + hit).contains("\"rescanId\":" + id));

            // a withdrawal (撤稿) closes the item
            as("editor").contentType(ContentType.JSON).body(Map.of("reason", "按整改要求撤稿"))
                    .post("/api/v1/publications/" + hit + "/withdrawal").then().statusCode(201);
            as("office").get("/api/v1/rectifications?status=CLOSED").then().statusCode(200)
                    .body(path + ".closing", equalTo("WITHDRAWN"));

            // the list shows the run; other roles are refused
            as("admin").get("/api/v1/rescans").then().statusCode(200)
                    .body("find { it.id == " + id + " }.hitCount", equalTo(3));
            as("editor").get("/api/v1/rescans").then().statusCode(403);
            as("reviewer").get("/api/v1/rescans/" + id).then().statusCode(403);
            as("cms").get("/api/v1/rescans/" + id).then().statusCode(403);
            as("office").get("/api/v1/rescans/999999999").then().statusCode(404);
        } finally {
            as("cms").delete("/api/v1/webhooks/" + webhook).then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(204)));
        }
    }

    @Test
    void anAllowListOrAnUnchangedVersionStartsNoRescan() {
        String lexicon = "allow-rescan-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        int before = as("office").get("/api/v1/rescans").then().statusCode(200).extract().jsonPath().getList("id").size();
        as("admin").contentType("text/tab-separated-values; charset=UTF-8").body("机关学习活动\n")
                .put("/api/v1/lexicons/" + lexicon).then().statusCode(200);
        String terms = "rescan-same-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
        as("admin").contentType("text/tab-separated-values; charset=UTF-8").body("说明用词条" + RegisterSearchTest.marker() + "\tINFO\n")
                .put("/api/v1/lexicons/" + terms).then().statusCode(200);
        int after = as("office").get("/api/v1/rescans").then().statusCode(200).extract().jsonPath().getList("id").size();
        assertThat(after).isEqualTo(before);
    }

    private static long awaitRescan(String lexicon) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            JsonPath list = as("office").get("/api/v1/rescans").then().statusCode(200).extract().jsonPath();
            Object id = list.get("find { it.trigger.name == '" + lexicon + "' && it.status != 'RUNNING' }.id");
            if (id != null) {
                assertThat(list.getString("find { it.id == " + id + " }.status")).isEqualTo("DONE");
                return ((Number) id).longValue();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the rescan of " + lexicon + " did not finish");
    }

    private static List<String> deliveries(long webhook, String type) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = EmbeddedPostgresResource.superuser();
             PreparedStatement s = c.prepareStatement(
                     "select payload from webhook_delivery where webhook_id = ? and event_type = ? order by id")) {
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
