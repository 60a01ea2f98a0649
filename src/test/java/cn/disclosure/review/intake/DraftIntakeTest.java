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
import static cn.disclosure.review.intake.DraftFixtures.draft;
import static cn.disclosure.review.intake.DraftFixtures.unique;
import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Intake details: long bodies in the multipart draft part, attachments across revisions, listing. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class DraftIntakeTest {

    private static MultiPartSpecBuilder draftPart(Map<String, Object> draft) {
        return new MultiPartSpecBuilder(draft).controlName("draft").mimeType("application/json").charset(StandardCharsets.UTF_8);
    }

    @Test
    void attachmentsAreCarriedReplacedAndDroppedAcrossRevisions() {
        String longBody = unique(CLEAN).repeat(200); // far beyond the 2 KB default form attribute limit
        Map<String, Object> d = draft(unique("关于年度工作总结的通知"), longBody);
        d.put("plannedAt", "2026-12-01T09:30");
        d.put("plannedUrl", "https://www.example.gov.cn/tzgg/1.html");
        JsonPath created = as("editor")
                .multiPart(draftPart(d).build())
                .multiPart("file", "a.txt", "第一份附件".getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("file", "b.txt", "第二份附件".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/api/v1/drafts").then().statusCode(201).extract().jsonPath();
        long id = created.getLong("id");
        as("editor").get("/api/v1/drafts/" + id).then().statusCode(200)
                .body("current.body", equalTo(longBody))
                .body("plannedAt", equalTo("2026-12-01T01:30:00Z"))
                .body("current.attachments.filename", equalTo(List.of("a.txt", "b.txt")));

        // a JSON edit keeps the attachments
        as("editor").contentType(ContentType.JSON).body(Map.of("title", unique("关于年度工作总结的通知（修订）")))
                .put("/api/v1/drafts/" + id).then().statusCode(200).body("revision", equalTo(2));
        as("editor").get("/api/v1/drafts/" + id + "/revisions/2").then().statusCode(200)
                .body("attachments.filename", equalTo(List.of("a.txt", "b.txt")))
                .body("body", equalTo(longBody));

        // a new file of the same name replaces the old one; keepAttachments chooses what stays
        as("editor")
                .multiPart(draftPart(Map.of("keepAttachments", List.of("b.txt"))).build())
                .multiPart("file", "b.txt", "第二份附件（新）".getBytes(StandardCharsets.UTF_8), "text/plain")
                .put("/api/v1/drafts/" + id).then().statusCode(200).body("revision", equalTo(3));
        as("editor").get("/api/v1/drafts/" + id + "/revisions/3").then().statusCode(200)
                .body("attachments.filename", equalTo(List.of("b.txt")));
        byte[] newer = as("editor").get("/api/v1/drafts/" + id + "/revisions/3/attachments/1").then().statusCode(200)
                .extract().asByteArray();
        byte[] older = as("editor").get("/api/v1/drafts/" + id + "/revisions/1/attachments/2").then().statusCode(200)
                .extract().asByteArray();
        assertThat(new String(newer, StandardCharsets.UTF_8)).isEqualTo("第二份附件（新）");
        assertThat(new String(older, StandardCharsets.UTF_8)).isEqualTo("第二份附件");
        as("editor").contentType(ContentType.JSON).body(Map.of("keepAttachments", List.of("nope.txt")))
                .put("/api/v1/drafts/" + id).then().statusCode(400).body("code", equalTo("unknown-attachment"));
        as("editor").contentType(ContentType.JSON).body(Map.of("keepAttachments", List.of(), "submit", false))
                .put("/api/v1/drafts/" + id).then().statusCode(200).body("state", equalTo("DRAFT")).body("revision", equalTo(4));
        as("editor").get("/api/v1/drafts/" + id).then().statusCode(200)
                .body("current.attachments", equalTo(List.of()))
                .body("revisions.revision", equalTo(List.of(1, 2, 3, 4)));
    }

    @Test
    void anUploadedPageIsServedAsABinaryDownload() {
        JsonPath created = as("editor")
                .multiPart(draftPart(draft(unique("通知"), unique(CLEAN))).build())
                .multiPart("file", "page.html", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8), "text/html")
                .post("/api/v1/drafts").then().statusCode(201).extract().jsonPath();
        as("reviewer").get("/api/v1/drafts/" + created.getLong("id") + "/revisions/1/attachments/1").then().statusCode(200)
                .contentType(equalTo("application/octet-stream"))
                .header("Content-Disposition", equalTo("attachment; filename*=UTF-8''page.html"));
    }

    @Test
    void listingShowsTheDepartmentsDraftsByState() {
        Map<String, Object> kept = draft(unique("通知"), unique(CLEAN));
        kept.put("submit", false);
        int id = as("editor").contentType(ContentType.JSON).body(kept).post("/api/v1/drafts").then().statusCode(201)
                .extract().path("id");
        as("editor").get("/api/v1/drafts?state=DRAFT&mine=true").then().statusCode(200).body("id", hasItem(id));
        as("editor").get("/api/v1/drafts?state=IN_REVIEW").then().statusCode(200).body("id", not(hasItem(id)));
        as("office").get("/api/v1/drafts?department=办公室").then().statusCode(200).body("id", hasItem(id));
        as("editor").get("/api/v1/drafts?state=LOST").then().statusCode(400).body("code", equalTo("unknown-state"));
    }
}
