package cn.disclosure.review.intake;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static cn.disclosure.review.support.Accounts.as;

/**
 * Shared steps of the lifecycle tests, through real HTTP. Bodies carry a unique marker so the
 * publish gate's content matching never meets another test's draft.
 */
public final class DraftFixtures {
    /** Prose that no inspection engine flags. */
    public static final String CLEAN = "关于开展全民健身活动的通知。各科室：为丰富职工业余文化生活，定于下月在机关活动中心举办健身活动，请各科室组织参加。";
    /** A standard classification mark: BLOCK for any engine. */
    public static final String MARKED = "本文件密级为 秘密★5年，仅供内部传阅。";

    private DraftFixtures() {
    }

    public static String unique(String prefix) {
        return prefix + "（编号 " + UUID.randomUUID().toString().substring(0, 8) + "）";
    }

    public static Map<String, Object> draft(String title, String body) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("channel", "WEBSITE");
        m.put("body", body);
        return m;
    }

    public static ValidatableResponse submit(RequestSpecification who, Map<String, Object> draft) {
        return who.contentType(ContentType.JSON).body(draft).post("/api/v1/drafts").then();
    }

    /** Editor submits a clean draft; returns the 201 body. */
    public static JsonPath submitClean(String body) {
        return submit(as("editor"), draft(unique("通知"), body)).statusCode(201).extract().jsonPath();
    }

    public static ValidatableResponse decide(RequestSpecification who, long draftId, String decision, String contentHash,
                                             String opinion, String justification) {
        awaitInspection(draftId);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decision", decision);
        m.put("contentHash", contentHash);
        if (opinion != null) {
            m.put("opinion", opinion);
        }
        if (justification != null) {
            m.put("justification", justification);
        }
        return who.contentType(ContentType.JSON).body(m).post("/api/v1/drafts/" + draftId + "/decisions").then();
    }

    public static ValidatableResponse approve(RequestSpecification who, long draftId, String contentHash) {
        return decide(who, draftId, "APPROVE", contentHash, "同意发布", null);
    }

    /** Submits a clean draft and runs it through the default two-step chain; returns {id, contentHash}. */
    public static JsonPath approvedClean(String body) {
        JsonPath created = submitClean(body);
        long id = created.getLong("id");
        String hash = created.getString("contentHash");
        approve(as("reviewer"), id, hash).statusCode(201);
        approve(as("office"), id, hash).statusCode(201);
        return created;
    }

    /**
     * Waits until the current revision's background inspection is done (drafts with files or
     * inlined data are inspected by the worker; decisions before that are refused with 409). A
     * draft nobody here may read is left to the caller's own assertions.
     */
    public static void awaitInspection(long draftId) {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(180);
        while (true) {
            io.restassured.response.Response r = as("office").get("/api/v1/drafts/" + draftId);
            if (r.statusCode() != 200) {
                r = as("editor").get("/api/v1/drafts/" + draftId);
            }
            if (r.statusCode() != 200) {
                return;
            }
            String status = r.jsonPath().getString("current.inspection.status");
            if (status == null || "DONE".equals(status) || "SUPERSEDED".equals(status)) {
                return;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("inspection of draft " + draftId + " still " + status);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits for the background inspection, then answers GET /api/v1/drafts/{id} as the 保密办 sees it. */
    public static JsonPath inspected(long draftId) {
        awaitInspection(draftId);
        return as("office").get("/api/v1/drafts/" + draftId).then().statusCode(200).extract().jsonPath();
    }

    public static ValidatableResponse gate(String channel, String content, Long draftId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", channel);
        m.put("content", content);
        if (draftId != null) {
            m.put("draftId", draftId);
        }
        return as("cms").contentType(ContentType.JSON).body(m).post("/api/v1/publish-gate").then().statusCode(200);
    }
}
