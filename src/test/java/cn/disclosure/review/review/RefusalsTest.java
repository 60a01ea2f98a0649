package cn.disclosure.review.review;

import cn.disclosure.review.intake.DraftFixtures;

import cn.disclosure.review.identity.TestTokens;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static cn.disclosure.review.intake.DraftFixtures.CLEAN;
import static cn.disclosure.review.intake.DraftFixtures.MARKED;
import static cn.disclosure.review.intake.DraftFixtures.approve;
import static cn.disclosure.review.intake.DraftFixtures.approvedClean;
import static cn.disclosure.review.intake.DraftFixtures.decide;
import static cn.disclosure.review.intake.DraftFixtures.draft;
import static cn.disclosure.review.intake.DraftFixtures.gate;
import static cn.disclosure.review.intake.DraftFixtures.submit;
import static cn.disclosure.review.intake.DraftFixtures.submitClean;
import static cn.disclosure.review.intake.DraftFixtures.unique;
import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** Each rule of the lifecycle refuses what it must, through HTTP, with a problem body that says why. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class RefusalsTest {

    private static RequestSpecification json(RequestSpecification r) {
        return r.contentType(ContentType.JSON);
    }

    @Test
    void theSubmitterCannotApproveTheirOwnDraft() {
        // a department head who also edits: may review others' drafts, never their own
        RequestSpecification chief = TestTokens.as("chief", "办公室", "EDITOR", "DEPT_REVIEWER");
        JsonPath created = submit(chief, draft(unique("通知"), unique(CLEAN))).statusCode(201).extract().jsonPath();
        approve(TestTokens.as("chief", "办公室", "EDITOR", "DEPT_REVIEWER"), created.getLong("id"), created.getString("contentHash"))
                .statusCode(403).body("code", equalTo("separation-of-duties"));
        TestTokens.as("chief", "办公室", "EDITOR", "DEPT_REVIEWER").get("/api/v1/reviews/queue").then().statusCode(200)
                .body("draftId", not(hasItem(created.getInt("id"))));
        // and a plain editor has no business deciding at all
        approve(as("editor"), created.getLong("id"), created.getString("contentHash")).statusCode(403);
    }

    @Test
    void onePersonCannotDecideTwoStepsOfTheSameRevision() {
        JsonPath created = submitClean(unique(CLEAN));
        long id = created.getLong("id");
        String hash = created.getString("contentHash");
        RequestSpecification dual = TestTokens.as("dual", "办公室", "DEPT_REVIEWER", "SECRECY_OFFICE");
        approve(dual, id, hash).statusCode(201);
        approve(TestTokens.as("dual", "办公室", "DEPT_REVIEWER", "SECRECY_OFFICE"), id, hash)
                .statusCode(403).body("code", equalTo("separation-of-duties"));
        approve(as("office"), id, hash).statusCode(201).body("state", equalTo("APPROVED"));
    }

    @Test
    void aDecisionOnStaleContentIsRefused() {
        JsonPath created = submitClean(unique(CLEAN));
        long id = created.getLong("id");
        String seen = created.getString("contentHash");
        String current = json(as("editor")).body(Map.of("body", unique(CLEAN) + "（修改稿）")).put("/api/v1/drafts/" + id)
                .then().statusCode(200).extract().path("contentHash");
        approve(as("reviewer"), id, seen).statusCode(409)
                .body("code", equalTo("stale-content"))
                .body("currentRevision", equalTo(2))
                .body("currentContentHash", equalTo(current));
        decide(as("reviewer"), id, "APPROVE", null, null, null).statusCode(400).body("code", equalTo("content-hash-required"));
        approve(as("reviewer"), id, current).statusCode(201);
    }

    @Test
    void aReviewerOfAnotherDepartmentCannotDecide() {
        JsonPath created = submitClean(unique(CLEAN));
        int id = created.getInt("id");
        RequestSpecification finance = TestTokens.as("fin-head", "财务处", "DEPT_REVIEWER");
        approve(finance, id, created.getString("contentHash")).statusCode(403).body("code", equalTo("other-department"));
        TestTokens.as("fin-head", "财务处", "DEPT_REVIEWER").get("/api/v1/reviews/queue").then().statusCode(200)
                .body("draftId", not(hasItem(id)));
        TestTokens.as("fin-head", "财务处", "DEPT_REVIEWER").get("/api/v1/drafts/" + id).then().statusCode(403);
        // nor can the office decide the department's step
        approve(as("office"), id, created.getString("contentHash")).statusCode(403).body("code", equalTo("not-your-step"));
    }

    @Test
    void anEditorSubmitsOnlyForTheirOwnDepartment() {
        Map<String, Object> d = draft(unique("通知"), unique(CLEAN));
        d.put("department", "财务处");
        submit(as("editor"), d).statusCode(403).body("code", equalTo("other-department"));
        // an editor of another department may not revise or read this department's drafts
        int id = submitClean(unique(CLEAN)).getInt("id");
        json(TestTokens.as("fin-editor", "财务处", "EDITOR")).body(Map.of("body", "改")).put("/api/v1/drafts/" + id)
                .then().statusCode(403).body("code", equalTo("other-department"));
        // the department defaults to the submitter's
        as("editor").get("/api/v1/drafts/" + id).then().body("department", equalTo("办公室"));
    }

    @Test
    void publishingBeforeTheChainCompletesIsRefused() {
        String body = unique(CLEAN);
        JsonPath created = submitClean(body);
        long id = created.getLong("id");
        json(as("editor")).body(Map.of("channel", "WEBSITE", "url", "https://www.example.gov.cn/a.html"))
                .post("/api/v1/drafts/" + id + "/publications").then().statusCode(409)
                .body("code", equalTo("publication-refused"))
                .body("currentState", equalTo("IN_REVIEW"))
                .body("reasons[0]", containsString("科室负责人（办公室）、保密办"));
        approve(as("reviewer"), id, created.getString("contentHash")).statusCode(201);
        List<String> reasons = gate("WEBSITE", body, id).body("allowed", equalTo(false)).extract().jsonPath().getList("reasons.message");
        assertThat(reasons).anyMatch(r -> r.contains("保密办") && r.contains("审查尚未完成"));
        approve(as("office"), id, created.getString("contentHash")).statusCode(201);
        json(as("editor")).body(Map.of("channel", "WEIBO")).post("/api/v1/drafts/" + id + "/publications").then()
                .statusCode(409).body("reasons[0]", containsString("门户网站"));
        json(as("editor")).body(Map.of("channel", "WEBSITE", "url", "https://www.example.gov.cn/a.html"))
                .post("/api/v1/drafts/" + id + "/publications").then().statusCode(201)
                .body("publicationId", notNullValue()).body("state", equalTo("PUBLISHED"));
        // the same approval a second time
        json(as("editor")).body(Map.of("channel", "WEBSITE")).post("/api/v1/drafts/" + id + "/publications").then()
                .statusCode(409).body("code", equalTo("publication-refused"));
    }

    @Test
    void illegalStateTransitionsAreRefusedWithTheCurrentStateAndTheAllowedActions() {
        JsonPath created = submitClean(unique(CLEAN));
        long id = created.getLong("id");
        // already in review: cannot be submitted again
        as("editor").post("/api/v1/drafts/" + id + "/submit").then().statusCode(409)
                .body("code", equalTo("illegal-transition"))
                .body("currentState", equalTo("IN_REVIEW"))
                .body("allowed", hasItems("APPROVE_STEP", "RETURN", "REJECT", "REVISE"));
        // rejected is final: no decision, no revision, no publication
        decide(as("reviewer"), id, "REJECT", created.getString("contentHash"), "涉及内部工作安排，不予公开", null)
                .statusCode(201).body("state", equalTo("REJECTED"));
        decide(as("office"), id, "APPROVE", created.getString("contentHash"), null, null).statusCode(409)
                .body("code", equalTo("illegal-transition")).body("currentState", equalTo("REJECTED")).body("allowed", equalTo(List.of()));
        json(as("editor")).body(Map.of("body", "改")).put("/api/v1/drafts/" + id).then().statusCode(409)
                .body("currentState", equalTo("REJECTED"));
        gate("WEBSITE", "x", id).body("allowed", equalTo(false)).body("reasons[0].message", containsString("不予公开"))
                .body("reasons[0].code", equalTo("rejected"));

        // a draft kept back: no decision until it is submitted
        Map<String, Object> kept = draft(unique("通知"), unique(CLEAN));
        kept.put("submit", false);
        JsonPath draft = submit(as("editor"), kept).statusCode(201).body("state", equalTo("DRAFT")).extract().jsonPath();
        approve(as("reviewer"), draft.getLong("id"), draft.getString("contentHash")).statusCode(409)
                .body("currentState", equalTo("DRAFT")).body("allowed", hasItem("SUBMIT"));
        as("editor").post("/api/v1/drafts/" + draft.getLong("id") + "/submit").then().statusCode(200).body("state", equalTo("IN_REVIEW"));

        // returned: a new revision is needed
        decide(as("reviewer"), draft.getLong("id"), "RETURN", draft.getString("contentHash"), null, null)
                .statusCode(400).body("code", equalTo("opinion-required"));
        decide(as("reviewer"), draft.getLong("id"), "RETURN", draft.getString("contentHash"), "请删去第二段", null)
                .statusCode(201).body("state", equalTo("RETURNED"));
        as("editor").post("/api/v1/drafts/" + draft.getLong("id") + "/submit").then().statusCode(409)
                .body("currentState", equalTo("RETURNED")).body("allowed", hasItem("REVISE_AND_SUBMIT"));
    }

    @Test
    void anOversizeUploadIsRefusedWith413() {
        byte[] big = new byte[1024 * 1024 + 1]; // %test.review.intake.max-file-bytes=1M
        Arrays.fill(big, (byte) 'a');
        as("editor")
                .multiPart(new MultiPartSpecBuilder(draft(unique("通知"), unique(CLEAN))).controlName("draft")
                        .mimeType("application/json").charset(StandardCharsets.UTF_8).build())
                .multiPart("file", "big.txt", big, "text/plain")
                .post("/api/v1/drafts").then()
                .statusCode(413)
                .contentType(containsString("application/problem+json"))
                .body("code", equalTo("attachment-too-large"))
                .body("limitBytes", equalTo(1024 * 1024));
    }

    @Test
    void approvalIsRefusedWhileTheVerdictIsBlock() {
        JsonPath created = submit(as("editor"), draft(unique("通知"), unique(CLEAN) + MARKED)).statusCode(201)
                .body("inspection.verdict", equalTo("BLOCK")).extract().jsonPath();
        assertThat(created.getList("chain", String.class)).containsExactly("DEPT_REVIEWER", "SECRECY_OFFICE", "LEADER");
        approve(as("reviewer"), created.getLong("id"), created.getString("contentHash")).statusCode(409)
                .body("code", equalTo("blocked-by-findings"))
                .body("findings[0]", containsString("国家秘密标志"));
        approve(as("reviewer"), created.getLong("id"), created.getString("contentHash")).statusCode(409)
                .body("findings[0]", not(containsString("秘密★")));
        decide(as("reviewer"), created.getLong("id"), "RETURN", created.getString("contentHash"), "请删除密级标志相关内容", null)
                .statusCode(201).body("state", equalTo("RETURNED"));
    }

    @Test
    void approvingOverWarnFindingsNeedsAWrittenJustificationWhichIsRecorded() {
        // a personal mobile number in the body and an attachment the reviewer must look at: WARN
        String body = unique(CLEAN) + "联系人：王老师，手机 13912345678。";
        JsonPath created = as("editor")
                .multiPart(new MultiPartSpecBuilder(draft(unique("通知"), body)).controlName("draft")
                        .mimeType("application/json").charset(StandardCharsets.UTF_8).build())
                .multiPart("file", "schedule.html", "<html><body><p>活动日程：上午九点集合。</p></body></html>".getBytes(StandardCharsets.UTF_8), "text/html")
                .post("/api/v1/drafts").then().statusCode(201)
                .extract().jsonPath();
        long id = created.getLong("id");
        String hash = created.getString("contentHash");
        JsonPath detail = DraftFixtures.inspected(id);
        assertThat(detail.getString("current.inspection.verdict")).isEqualTo("WARN");
        assertThat(detail.getList("current.chain.role", String.class)).containsExactly("DEPT_REVIEWER", "SECRECY_OFFICE", "LEADER");
        approve(as("reviewer"), id, hash).statusCode(400).body("code", equalTo("justification-required"));
        String why = "联系电话为单位公开的办事电话，附件已人工核对，可以公开";
        decide(as("reviewer"), id, "APPROVE", hash, "同意", why).statusCode(201);
        decide(as("office"), id, "APPROVE", hash, "同意", "   ").statusCode(400).body("code", equalTo("justification-required"));
        decide(as("office"), id, "APPROVE", hash, "同意", "已核对").statusCode(201);
        decide(as("leader"), id, "APPROVE", hash, null, "同意保密办意见").statusCode(201).body("state", equalTo("APPROVED"));
        as("editor").get("/api/v1/drafts/" + id).then().statusCode(200)
                .body("chain[0].justification", equalTo(why))
                .body("chain.reviewer", equalTo(List.of("reviewer", "office", "leader")));
    }

    @Test
    void aPublicationIsWithdrawnOnceWithAReason() {
        JsonPath created = approvedClean(unique(CLEAN));
        long id = created.getLong("id");
        int publicationId = json(as("editor")).body(Map.of("channel", "WEBSITE", "url", "https://www.example.gov.cn/b.html"))
                .post("/api/v1/drafts/" + id + "/publications").then().statusCode(201).extract().path("publicationId");
        json(as("editor")).body(Map.of()).post("/api/v1/publications/" + publicationId + "/withdrawal").then()
                .statusCode(400).body("code", equalTo("reason-required"));
        json(TestTokens.as("fin-editor", "财务处", "EDITOR")).body(Map.of("reason", "x"))
                .post("/api/v1/publications/" + publicationId + "/withdrawal").then().statusCode(403);
        json(as("office")).body(Map.of("reason", "发现附件含有未公开的统计数据"))
                .post("/api/v1/publications/" + publicationId + "/withdrawal").then().statusCode(201)
                .body("state", equalTo("WITHDRAWN"));
        json(as("editor")).body(Map.of("reason", "再次撤稿"))
                .post("/api/v1/publications/" + publicationId + "/withdrawal").then().statusCode(409)
                .body("code", equalTo("already-withdrawn"));
        as("office").get("/api/v1/register").then().statusCode(200)
                .body("find { it.publicationId == " + publicationId + " }.withdrawalReason", equalTo("发现附件含有未公开的统计数据"))
                .body("find { it.publicationId == " + publicationId + " }.withdrawnBy", equalTo("office"));
        // withdrawn: a new revision can go through review again
        json(as("editor")).body(Map.of("body", unique(CLEAN) + "（更正稿）")).put("/api/v1/drafts/" + id).then()
                .statusCode(200).body("state", equalTo("IN_REVIEW")).body("revision", equalTo(2));
    }

    @Test
    void malformedRequestsAreProblems() {
        submit(as("editor"), Map.of("channel", "WEBSITE", "body", "x")).statusCode(400).body("code", equalTo("title-required"));
        submit(as("editor"), Map.of("title", "t", "channel", "FAX", "body", "x")).statusCode(400).body("code", equalTo("unknown-channel"));
        submit(as("editor"), Map.of("title", "t", "channel", "WEBSITE", "body", " ")).statusCode(400).body("code", equalTo("empty-draft"));
        JsonPath created = submitClean(unique(CLEAN));
        decide(as("reviewer"), created.getLong("id"), "MAYBE", created.getString("contentHash"), null, null)
                .statusCode(400).body("code", equalTo("unknown-decision"));
        as("editor").get("/api/v1/drafts/987654321").then().statusCode(404).body("code", equalTo("not-found"));
    }
}
