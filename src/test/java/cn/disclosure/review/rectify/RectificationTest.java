package cn.disclosure.review.rectify;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static cn.disclosure.review.intake.DraftFixtures.CLEAN;
import static cn.disclosure.review.intake.DraftFixtures.approve;
import static cn.disclosure.review.intake.DraftFixtures.draft;
import static cn.disclosure.review.intake.DraftFixtures.submit;
import static cn.disclosure.review.intake.DraftFixtures.unique;
import static cn.disclosure.review.support.Accounts.anonymous;
import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** 整改 items over HTTP and the real database: who sees them, who closes them, and how. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class RectificationTest {

    @Inject
    RectificationService service;

    static long published(String title) {
        JsonPath created = submit(as("editor"), draft(title, unique(CLEAN))).statusCode(201).extract().jsonPath();
        approve(as("reviewer"), created.getLong("id"), created.getString("contentHash")).statusCode(201);
        approve(as("office"), created.getLong("id"), created.getString("contentHash")).statusCode(201);
        return ((Number) as("editor").contentType(ContentType.JSON).body(Map.of("channel", "WEBSITE", "url", "https://www.example.gov.cn/r.html"))
                .post("/api/v1/drafts/" + created.getLong("id") + "/publications").then().statusCode(201)
                .extract().path("publicationId")).longValue();
    }

    private long openFor(long publicationId) {
        return service.open(Rectification.Source.SPOT_CHECK, null, publicationId, "抽查发现 1 处问题（需注意）", null, "office")
                .orElseThrow().id;
    }

    @Test
    void keptNeedsAJustificationAndTheSecrecyOffice() throws Exception {
        long pub = published(unique("关于开展读书活动的通知"));
        long id = openFor(pub);
        as("office").get("/api/v1/rectifications?status=OPEN").then().statusCode(200)
                .body("id", hasItem((int) id));
        // the department's editor and reviewer see their department's items; another department's filter shows none
        as("editor").get("/api/v1/rectifications").then().statusCode(200).body("id", hasItem((int) id));
        as("reviewer").get("/api/v1/rectifications?department=办公室").then().statusCode(200).body("id", hasItem((int) id));
        as("office").get("/api/v1/rectifications?department=财务科").then().statusCode(200).body("id", not(hasItem((int) id)));
        as("office").get("/api/v1/rectifications?status=MAYBE").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("bad-status"));
        as("leader").get("/api/v1/rectifications").then().statusCode(403);
        anonymous().get("/api/v1/rectifications").then().statusCode(401);

        as("editor").contentType(ContentType.JSON).body(Map.of("closing", "KEPT", "justification", "已核实"))
                .post("/api/v1/rectifications/" + id + "/close").then().statusCode(403);
        as("office").contentType(ContentType.JSON).body(Map.of("closing", "KEPT", "justification", "  "))
                .post("/api/v1/rectifications/" + id + "/close").then().statusCode(400)
                .body("code", equalTo("justification-required"));
        as("office").contentType(ContentType.JSON).body(Map.of("closing", "WITHDRAWN"))
                .post("/api/v1/rectifications/" + id + "/close").then().statusCode(409)
                .body("code", equalTo("not-withdrawn"));
        as("office").contentType(ContentType.JSON).body(Map.of("closing", "KEPT", "justification", "经核实属于已公开的法规条文"))
                .post("/api/v1/rectifications/" + id + "/close").then().statusCode(200)
                .body("status", equalTo("CLOSED")).body("closing", equalTo("KEPT")).body("closedBy", equalTo("office"));
        as("office").contentType(ContentType.JSON).body(Map.of("closing", "KEPT", "justification", "再次关闭"))
                .post("/api/v1/rectifications/" + id + "/close").then().statusCode(409)
                .body("code", equalTo("already-closed"));
        assertThat(auditActions(id)).containsExactly("rectification.open", "rectification.close");
    }

    @Test
    void aWithdrawalClosesTheOpenItems() throws Exception {
        long pub = published(unique("关于调整开放时间的通知"));
        long id = openFor(pub);
        as("editor").contentType(ContentType.JSON).body(Map.of("reason", "内容需要更正"))
                .post("/api/v1/publications/" + pub + "/withdrawal").then().statusCode(201);
        as("office").get("/api/v1/rectifications?status=CLOSED").then().statusCode(200)
                .body("find { it.id == " + id + " }.closing", equalTo("WITHDRAWN"))
                .body("find { it.id == " + id + " }.closedBy", equalTo("editor"));
        assertThat(auditActions(id)).containsExactly("rectification.open", "rectification.close");
        // nothing is opened any more for a withdrawn publication
        assertThat(service.open(Rectification.Source.PATROL, null, pub, "巡查", null, "office")).isEmpty();
        // the UI lists it
        String html = as("office").get("/ui/rectifications?status=ALL").then().statusCode(200).extract().asString();
        assertThat(html).contains("data-rectification=\"" + id + "\"").contains("已撤稿");
    }

    /** Many items of one source at once (a rescan batch): withdrawn publications get none, twice is once, one audit line each. */
    @Test
    void openingManyAtOnceSkipsWithdrawnAndReturnsExistingItems() throws Exception {
        long first = published(unique("关于开展植树活动的通知"));
        long second = published(unique("关于开展义务献血活动的通知"));
        long withdrawn = published(unique("关于开展知识竞赛的通知"));
        as("editor").contentType(ContentType.JSON).body(Map.of("reason", "活动取消"))
                .post("/api/v1/publications/" + withdrawn + "/withdrawal").then().statusCode(201);
        long source = System.nanoTime();
        List<RectificationService.NewItem> items = List.of(new RectificationService.NewItem(first, "发现 1 处问题"),
                new RectificationService.NewItem(second, "发现 2 处问题"), new RectificationService.NewItem(withdrawn, "发现 1 处问题"));

        Map<Long, Long> once = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ids(
                service.openAll(Rectification.Source.RESCAN, source, items, "system")));
        assertThat(once).containsOnlyKeys(first, second);
        Map<Long, Long> twice = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ids(
                service.openAll(Rectification.Source.RESCAN, source, items, "system")));
        assertThat(twice).isEqualTo(once);
        for (long id : once.values()) {
            assertThat(auditActions(id)).containsExactly("rectification.open");
        }
        JsonPath open = as("office").get("/api/v1/rectifications?status=OPEN").then().statusCode(200).extract().jsonPath();
        assertThat(open.getString("find { it.id == " + once.get(second) + " }.summary")).isEqualTo("发现 2 处问题");
        assertThat(open.getString("find { it.id == " + once.get(first) + " }.sourceType")).isEqualTo("RESCAN");
    }

    private static Map<Long, Long> ids(Map<Long, Rectification> items) {
        Map<Long, Long> out = new java.util.TreeMap<>();
        items.forEach((publication, item) -> out.put(publication, item.id));
        return out;
    }

    private static List<String> auditActions(long id) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = EmbeddedPostgresResource.superuser();
             PreparedStatement s = c.prepareStatement(
                     "select action from audit_entry where subject_type = 'rectification' and subject_id = ? order by seq")) {
            s.setString(1, Long.toString(id));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
