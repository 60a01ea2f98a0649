package cn.disclosure.review.review;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.config.EncoderConfig;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.http.entity.mime.HttpMultipartMode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static cn.disclosure.review.intake.DraftFixtures.CLEAN;
import static cn.disclosure.review.intake.DraftFixtures.approve;
import static cn.disclosure.review.intake.DraftFixtures.gate;
import static cn.disclosure.review.intake.DraftFixtures.unique;
import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

/**
 * The whole life of a draft through HTTP against the real database: submit with an attachment,
 * two-step review, publication through the CMS gate, the register, 一事一审 on a second call and
 * after an edit.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class FullLifeTest {

    @Test
    void draftGoesFromSubmissionThroughReviewToTheRegister() {
        String title = unique("关于开展全民健身活动的通知");
        String first = "各科室：" + title + "，为丰富职工业余文化生活，定于下月举办健身活动。";
        String second = "请各科室于本周五前报送参加人员名单。";
        String body = first + "\n\n  " + second + "\n";
        byte[] attachment = "活动安排：上午九点集合，下午四点结束。".getBytes(StandardCharsets.UTF_8);

        // 1. the editor submits JSON-in-multipart with an attachment
        JsonPath created = as("editor")
                .config(RestAssuredConfig.config()
                        .encoderConfig(EncoderConfig.encoderConfig().defaultCharsetForContentType("UTF-8", "multipart/form-data"))
                        // browsers send the file name as raw UTF-8; rest-assured's default (STRICT) would send "?"
                        .httpClient(HttpClientConfig.httpClientConfig().httpMultipartMode(HttpMultipartMode.BROWSER_COMPATIBLE)))
                .contentType("multipart/form-data; charset=UTF-8")
                .multiPart(new MultiPartSpecBuilder(Map.of("title", title, "channel", "WEBSITE", "body", body, "docNumber", "办通〔2026〕12号"))
                        .controlName("draft").mimeType("application/json").charset(StandardCharsets.UTF_8).build())
                .multiPart(new MultiPartSpecBuilder(attachment).controlName("file").fileName("活动安排.txt")
                        .mimeType("text/plain").charset(StandardCharsets.UTF_8).build())
                .post("/api/v1/drafts")
                .then().statusCode(201)
                .body("state", equalTo("IN_REVIEW"))
                .body("revision", equalTo(1))
                .body("contentHash", matchesPattern("[0-9a-f]{64}"))
                .body("inspection.verdict", equalTo("PASS"))
                .extract().jsonPath();
        long id = created.getLong("id");
        String hash = created.getString("contentHash");
        assertThat(created.getList("chain", String.class)).containsExactly("DEPT_REVIEWER", "SECRECY_OFFICE");

        // the attachment is stored as sent
        as("editor").get("/api/v1/drafts/" + id).then().statusCode(200)
                .body("current.attachments[0].filename", equalTo("活动安排.txt"))
                .body("current.attachments[0].size", equalTo(attachment.length));
        byte[] stored = as("reviewer").get("/api/v1/drafts/" + id + "/revisions/1/attachments/1")
                .then().statusCode(200).extract().asByteArray();
        assertThat(stored).isEqualTo(attachment);

        // 2. the queue shows it to the department reviewer, not yet to the office
        JsonPath queue = as("reviewer").get("/api/v1/reviews/queue").then().statusCode(200).extract().jsonPath();
        Map<String, Object> item = queue.getMap("find { it.draftId == " + id + " }");
        assertThat(item).containsEntry("revision", 1).containsEntry("contentHash", hash).containsEntry("step", 1)
                .containsEntry("stepRole", "DEPT_REVIEWER").containsEntry("title", title).containsEntry("channel", "WEBSITE")
                .containsEntry("department", "办公室").containsEntry("verdict", "PASS");
        assertThat(item.get("waitingSince")).isNotNull();
        as("office").get("/api/v1/reviews/queue").then().statusCode(200).body("draftId", not(hasItem((int) id)));

        // 3. the reviewer approves, 4. the office sees it and approves
        approve(as("reviewer"), id, hash).statusCode(201).body("state", equalTo("IN_REVIEW")).body("nextRole", equalTo("SECRECY_OFFICE"));
        as("reviewer").get("/api/v1/reviews/queue").then().statusCode(200).body("draftId", not(hasItem((int) id)));
        as("office").get("/api/v1/reviews/queue").then().statusCode(200).body("find { it.draftId == " + id + " }.step", equalTo(2));
        approve(as("office"), id, hash).statusCode(201).body("state", equalTo("APPROVED"));
        as("editor").get("/api/v1/drafts/" + id).then().statusCode(200)
                .body("state", equalTo("APPROVED"))
                .body("chain.reviewer", equalTo(List.of("reviewer", "office")))
                .body("chain.status", equalTo(List.of("APPROVE", "APPROVE")));

        // 5. the CMS publishes the same text as it renders it: <p> paragraphs, indentation, &nbsp;, entities
        String asRendered = "<div><p>&#12288;&#12288;" + first.replace("：", "&#65306;")
                + "</p>\n<p>" + second + "&nbsp;</p></div>";
        JsonPath allowed = gate("WEBSITE", asRendered, id).body("allowed", equalTo(true))
                .body("reasons", equalTo(List.of()))
                .extract().jsonPath();
        long publicationId = allowed.getLong("publicationId");
        assertThat(allowed.getList("reminders", String.class)).isNotEmpty().anyMatch(r -> r.contains("保密"));

        // the register has the row with both reviewers
        JsonPath register = as("office").get("/api/v1/register?channel=WEBSITE").then().statusCode(200).extract().jsonPath();
        Map<String, Object> row = register.getMap("find { it.publicationId == " + publicationId + " }");
        assertThat(row).containsEntry("draftId", (int) id).containsEntry("title", title).containsEntry("docNumber", "办通〔2026〕12号")
                .containsEntry("channel", "WEBSITE").containsEntry("department", "办公室").containsEntry("submitter", "editor")
                .containsEntry("contentHash", hash).containsEntry("verdict", "PASS");
        assertThat(row.get("publishedAt")).isNotNull();
        List<Map<String, Object>> reviewers = register.getList("find { it.publicationId == " + publicationId + " }.reviewers");
        assertThat(reviewers).extracting(r -> r.get("reviewer")).containsExactly("reviewer", "office");
        assertThat(reviewers).allSatisfy(r -> assertThat(r.get("decidedAt")).isNotNull());

        // 6. the same gate call again is refused: one approval publishes once
        List<String> again = gate("WEBSITE", asRendered, id).body("allowed", equalTo(false)).extract().jsonPath().getList("reasons.message");
        assertThat(again).anyMatch(r -> r.contains("不能重复发布"));

        // 7. an edit creates a new revision, the chain starts over, and the old approval publishes nothing
        as("editor").contentType(ContentType.JSON).body(Map.of("body", body + "补充：活动地点改为体育馆。"))
                .put("/api/v1/drafts/" + id).then().statusCode(200)
                .body("revision", equalTo(2)).body("state", equalTo("IN_REVIEW"))
                .body("contentHash", not(equalTo(hash)));
        as("editor").get("/api/v1/drafts/" + id).then().statusCode(200)
                .body("revision", equalTo(2))
                .body("chain.status", equalTo(List.of("PENDING", "WAITING")))
                .body("revisions.revision", equalTo(List.of(1, 2)))
                .body("current.attachments[0].filename", equalTo("活动安排.txt"));
        List<String> withId = gate("WEBSITE", asRendered, id).body("allowed", equalTo(false)).extract().jsonPath().getList("reasons.message");
        assertThat(withId).anyMatch(r -> r.contains("审查尚未完成"));
        List<String> byContent = gate("WEBSITE", asRendered, null).body("allowed", equalTo(false)).extract().jsonPath().getList("reasons.message");
        assertThat(byContent).anyMatch(r -> r.contains("第 1 版") && r.contains("第 2 版"));

        // everything above is in an intact audit chain
        as("admin").get("/api/v1/audit/verify").then().statusCode(200).body("ok", equalTo(true));
    }

    @Test
    void gateWithoutDraftIdFindsTheApprovedDraftByItsContentAndRefusesACmsEdit() {
        String body = "各单位：" + unique(CLEAN) + "\n特此通知。";
        JsonPath created = cn.disclosure.review.intake.DraftFixtures.approvedClean(body);
        long id = created.getLong("id");

        // an edit made in the CMS after approval: refused, with a reason the editor can act on
        String edited = "<p>" + body.replace("特此通知", "特此通知，另请自带水杯") + "</p>";
        List<String> reasons = gate("WEBSITE", edited, id).body("allowed", equalTo(false)).extract().jsonPath().getList("reasons.message");
        assertThat(reasons).anyMatch(r -> r.contains("不一致"));
        List<String> unknown = gate("WEBSITE", edited, null).body("allowed", equalTo(false)).extract().jsonPath().getList("reasons.message");
        assertThat(unknown).anyMatch(r -> r.contains("未找到"));

        // the wrong channel: refused
        gate("WECHAT", body, null).body("allowed", equalTo(false));

        // the approved visible text with a marking slipped into an HTML comment: same text hash, still refused
        String smuggled = "<p>" + body + "</p><!-- 秘密★1年 -->";
        List<String> hidden = gate("WEBSITE", smuggled, id).body("allowed", equalTo(false)).extract().jsonPath().getList("reasons.message");
        assertThat(hidden).anyMatch(r -> r.contains("禁止发布"));
        as("editor").get("/api/v1/drafts/" + id).then().body("state", equalTo("APPROVED"));

        // the approved text re-wrapped by the CMS, with its title: found without draftId
        String title = as("editor").get("/api/v1/drafts/" + id).then().extract().path("title");
        as("cms").contentType(ContentType.JSON)
                .body(Map.of("channel", "WEBSITE", "title", title, "content", "<p>" + body.replace("\n", "<br/>") + "</p>"))
                .post("/api/v1/publish-gate").then().statusCode(200)
                .body("allowed", equalTo(true)).body("draftId", equalTo((int) id)).body("revision", equalTo(1));
        as("editor").get("/api/v1/drafts/" + id).then().body("state", equalTo("PUBLISHED"))
                .body("publications[0].channel", equalTo("WEBSITE"));
    }
}
