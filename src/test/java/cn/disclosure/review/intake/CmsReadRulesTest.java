package cn.disclosure.review.intake;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static cn.disclosure.review.intake.DraftFixtures.CLEAN;
import static cn.disclosure.review.intake.DraftFixtures.approve;
import static cn.disclosure.review.intake.DraftFixtures.draft;
import static cn.disclosure.review.intake.DraftFixtures.unique;
import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** A CMS account reads only the approved revision of an approved draft, and its attachments. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class CmsReadRulesTest {

    private static JsonPath withAttachment(String title, String body, String attachment) {
        return as("editor")
                .multiPart(new MultiPartSpecBuilder(draft(title, body)).controlName("draft").mimeType("application/json")
                        .charset(StandardCharsets.UTF_8).build())
                .multiPart("file", "附件.txt", attachment.getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/api/v1/drafts").then().statusCode(201).extract().jsonPath();
    }

    @Test
    void aDraftInReviewAndItsAttachmentAreForbidden() {
        JsonPath created = withAttachment(unique("通知"), unique(CLEAN), "审查中的附件");
        long id = created.getLong("id");
        as("editor").get("/api/v1/drafts/" + id).then().statusCode(200).body("state", equalTo("IN_REVIEW"));

        as("cms").get("/api/v1/drafts/" + id).then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("cms-not-approved"));
        as("cms").get("/api/v1/drafts/" + id + "/revisions/1").then().statusCode(403).body("code", equalTo("cms-not-approved"));
        String refused = as("cms").get("/api/v1/drafts/" + id + "/revisions/1/attachments/1").then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("cms-not-approved")).extract().asString();
        assertThat(refused).doesNotContain("审查中的附件");

        // half-way through the chain is still not approved
        approve(as("reviewer"), id, created.getString("contentHash")).statusCode(201);
        as("cms").get("/api/v1/drafts/" + id).then().statusCode(403).body("code", equalTo("cms-not-approved"));
        // staff reads as before
        as("office").get("/api/v1/drafts/" + id + "/revisions/1/attachments/1").then().statusCode(200);
    }

    @Test
    void onlyTheApprovedRevisionOfAnApprovedDraftIsReadable() {
        JsonPath first = withAttachment(unique("通知"), unique(CLEAN), "第一版附件");
        long id = first.getLong("id");
        // revision 2 replaces the attachment; it is the one approved
        JsonPath second = as("editor").multiPart(new MultiPartSpecBuilder(Map.of("body", unique(CLEAN))).controlName("draft")
                        .mimeType("application/json").charset(StandardCharsets.UTF_8).build())
                .multiPart("file", "附件.txt", "第二版附件".getBytes(StandardCharsets.UTF_8), "text/plain")
                .put("/api/v1/drafts/" + id).then().statusCode(200).body("revision", equalTo(2)).extract().jsonPath();
        approve(as("reviewer"), id, second.getString("contentHash")).statusCode(201);
        approve(as("office"), id, second.getString("contentHash")).statusCode(201);

        as("cms").get("/api/v1/drafts/" + id).then().statusCode(200)
                .body("state", equalTo("APPROVED"))
                .body("revision", equalTo(2))
                .body("revisions.revision", equalTo(List.of(2)));
        as("cms").get("/api/v1/drafts/" + id + "/revisions/2").then().statusCode(200).body("revision", equalTo(2));
        byte[] approved = as("cms").get("/api/v1/drafts/" + id + "/revisions/2/attachments/1").then().statusCode(200)
                .extract().asByteArray();
        assertThat(new String(approved, StandardCharsets.UTF_8)).isEqualTo("第二版附件");

        // the older revision and its attachment are not what was approved
        as("cms").get("/api/v1/drafts/" + id + "/revisions/1").then().statusCode(403).body("code", equalTo("cms-not-approved"));
        String refused = as("cms").get("/api/v1/drafts/" + id + "/revisions/1/attachments/1").then().statusCode(403)
                .body("code", equalTo("cms-not-approved")).extract().asString();
        assertThat(refused).doesNotContain("第一版附件");
        as("cms").get("/api/v1/drafts/" + id + "/revisions/3").then().statusCode(403).body("code", equalTo("cms-not-approved"));

        // once published through the gate, still readable; an edit afterwards closes it again
        as("editor").contentType(ContentType.JSON).body(Map.of("channel", "WEBSITE")).post("/api/v1/drafts/" + id + "/publications")
                .then().statusCode(201);
        as("cms").get("/api/v1/drafts/" + id).then().statusCode(200).body("state", equalTo("PUBLISHED"));
        as("editor").contentType(ContentType.JSON).body(Map.of("body", unique(CLEAN)))
                .put("/api/v1/drafts/" + id).then().statusCode(200).body("revision", equalTo(3));
        as("cms").get("/api/v1/drafts/" + id).then().statusCode(403).body("code", equalTo("cms-not-approved"));
        as("cms").get("/api/v1/drafts/" + id + "/revisions/2/attachments/1").then().statusCode(403);
    }
}
