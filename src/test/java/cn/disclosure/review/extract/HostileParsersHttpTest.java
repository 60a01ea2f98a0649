package cn.disclosure.review.extract;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import cn.disclosure.review.intake.DraftFixtures;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.path.json.JsonPath;

/**
 * Hostile files through the real API while the service keeps answering: a file whose parser exits
 * the JVM, one whose parser allocates without bound, one whose parser never returns. Each comes
 * back UNREADABLE (WARN, never PASS) with its own rule; a clean draft and a clean check submitted
 * meanwhile get their verdicts, and the next file is read by a replaced worker. A short document
 * limit and a small worker heap (this class's profile) keep the test short.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestProfile(HostileParsersHttpTest.SmallWorkers.class)
class HostileParsersHttpTest {

    public static class SmallWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("review.extract.timeout", "40s", "review.extract.worker.kill-grace", "10s",
                    "review.extract.worker.max-heap", "192m", "review.extract.max-concurrent", "4",
                    "review.extract.worker.warm", "4");
        }
    }

    @Inject
    ContentExtractor extractor;

    private WorkerPool pool() {
        return ((IsolatedContentExtractor) extractor).pool();
    }

    /** Every worker of this profile started (on this shared machine a JVM with Tika takes a while). */
    @BeforeEach
    void warmWorkers() throws InterruptedException {
        for (int i = 0; pool().idleCount() < 4; i++) {
            assertThat(i).as("four workers started ahead").isLessThan(3000);
            Thread.sleep(100);
        }
    }

    private static JsonPath check(String filename, byte[] bytes) {
        return as("cms").multiPart("channel", "WEBSITE").multiPart("file", filename, bytes, "application/octet-stream")
                .post("/api/v1/check").then().statusCode(200).extract().jsonPath();
    }

    /** A check answered 202 and polled until its result is there (a hanging file takes the whole document limit). */
    private static JsonPath checkInBackground(String filename, byte[] bytes) {
        String location = as("cms").header("Prefer", "respond-async").multiPart("channel", "WEBSITE")
                .multiPart("file", filename, bytes, "application/octet-stream")
                .post("/api/v1/check").then().statusCode(202).extract().header("Location");
        String path = location.substring(location.indexOf("/api/v1/check/jobs/"));
        for (int i = 0; ; i++) {
            io.restassured.response.Response r = as("cms").get(path);
            if (r.statusCode() == 200) {
                return r.jsonPath();
            }
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(i).as("the check ended").isLessThan(3000);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void assertUnreadable(JsonPath answer, String rule) {
        assertThat(answer.getString("verdict")).isEqualTo("WARN");
        assertThat(answer.getList("findings.category", String.class)).containsExactly("UNREADABLE");
        assertThat(answer.getList("findings.rule", String.class)).containsExactly(rule);
    }

    private static long draftWith(String filename, byte[] bytes) {
        return as("editor")
                .multiPart(new MultiPartSpecBuilder(DraftFixtures.draft(DraftFixtures.unique("通知"), DraftFixtures.unique(DraftFixtures.CLEAN)))
                        .controlName("draft").mimeType("application/json").charset(StandardCharsets.UTF_8).build())
                .multiPart("file", filename, bytes, "application/octet-stream")
                .post("/api/v1/drafts").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static byte[] cleanDocx() {
        return new TestFiles.Docx().body(TestFiles.p("关于开展全民健身活动的通知")).bytes();
    }

    @Test
    void hostileParsersEndOnlyTheirWorkerAndTheServiceKeepsAnswering() throws Exception {
        int startedBefore = pool().startedCount();
        CompletableFuture<JsonPath> hang = CompletableFuture.supplyAsync(() -> checkInBackground("stuck.hostile-hang", TestFiles.utf8("任意内容")));
        CompletableFuture<JsonPath> exit = CompletableFuture.supplyAsync(() -> check("exit.hostile-exit", TestFiles.utf8("任意内容")));
        CompletableFuture<JsonPath> alloc = CompletableFuture.supplyAsync(() -> check("alloc.hostile-alloc", TestFiles.utf8("任意内容")));

        // meanwhile a clean draft with an attachment and a clean check get their verdicts
        long clean = draftWith("notice.docx", cleanDocx());
        JsonPath cleanDraft = DraftFixtures.inspected(clean);
        JsonPath cleanCheck = check("clean.docx", cleanDocx());
        assertThat(hang).as("answered while a worker hangs on the other file").isNotDone();
        assertThat(as("cms").get("/q/health/ready").statusCode()).isEqualTo(200);
        assertThat(cleanDraft.getString("current.inspection.verdict")).isEqualTo("PASS");
        assertThat(cleanCheck.getString("verdict")).isEqualTo("PASS");

        assertUnreadable(exit.get(), "unreadable.worker-failed");
        assertUnreadable(alloc.get(), "unreadable.worker-memory");
        JsonPath stuck = hang.get();
        assertUnreadable(stuck, "unreadable.timeout");
        assertThat(stuck.getList("findings.message", String.class).get(0)).contains("超过 40 秒");

        // the workers that ended were replaced: the next files are read by new ones
        assertThat(pool().startedCount()).isGreaterThan(startedBefore);
        JsonPath marked = check("marked.docx", new TestFiles.Docx().body(TestFiles.p("秘密★1年")).bytes());
        assertThat(marked.getString("verdict")).isEqualTo("BLOCK");
    }

    @Test
    void aDraftWithAFileThatExitsTheParserIsUnreadableAndTheNextDraftPasses() {
        long hostile = draftWith("exit.hostile-exit", TestFiles.utf8("任意内容"));
        JsonPath inspected = DraftFixtures.inspected(hostile);
        assertThat(inspected.getString("current.inspection.verdict")).isEqualTo("WARN");
        List<String> rules = inspected.getList("current.inspection.findings.rule", String.class);
        assertThat(rules).contains("unreadable.worker-failed");

        long next = draftWith("notice.docx", cleanDocx());
        assertThat(DraftFixtures.inspected(next).getString("current.inspection.verdict")).isEqualTo("PASS");
    }
}
