package cn.disclosure.review.check;

import cn.disclosure.review.audit.AuditEntry;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static cn.disclosure.review.support.Accounts.anonymous;
import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class CheckResourceTest {

    @TestHTTPResource("/api/v1/check")
    URL check;

    private static Map<String, Object> json(String text, String channel) {
        return Map.of("text", text, "channel", channel);
    }

    @Test
    void aMarkedDraftIsBlockedWithAnExplainedFindingRemindersAndLexiconVersions() {
        String text = "机密★10年\n关于2023年度重点项目资金审计情况的报告";
        as("cms").contentType(ContentType.JSON).body(json(text, "WEBSITE"))
                .post("/api/v1/check").then().statusCode(200)
                .body("verdict", equalTo("BLOCK"))
                .body("findings", hasSize(1))
                .body("findings[0].category", equalTo("CLASSIFICATION_MARK"))
                .body("findings[0].severity", equalTo("BLOCK"))
                .body("findings[0].matched", equalTo("机密★10年"))
                .body("findings[0].start", equalTo(0))
                .body("findings[0].end", equalTo(6))
                .body("findings[0].part", equalTo("body"))
                .body("findings[0].rule", equalTo("mark.level-star-period"))
                .body("findings[0].message", containsString("国家秘密标志"))
                .body("findings[0].snippet", containsString("机密★10年"))
                .body("findings[0].score", notNullValue())
                .body("reminders", hasSize(2))
                .body("reminders[0]", containsString("涉密不上网"))
                .body("lexiconVersions", hasKey("sensitive-terms"))
                .body("lexiconVersions", hasKey("allow-near-misses"))
                .body("parts", equalTo(java.util.List.of("body")))
                .body("elapsedMs", greaterThanOrEqualTo(0));
    }

    @Test
    void titleAndBodyAreBothInspectedAndEveryReviewerRoleMayCheck() {
        for (String who : new String[]{"cms", "editor", "reviewer", "office", "leader"}) {
            as(who).contentType(ContentType.JSON)
                    .body(Map.of("title", "秘密★1年 工作方案", "text", "今天天气晴。", "channel", "wechat"))
                    .post("/api/v1/check").then().statusCode(200)
                    .body("verdict", equalTo("BLOCK"))
                    .body("findings[0].part", equalTo("title"))
                    .body("parts", equalTo(java.util.List.of("title", "body")))
                    .body("reminders[1]", containsString("微信"));
        }
        as("admin").contentType(ContentType.JSON).body(json("正文", "WEBSITE")).post("/api/v1/check").then().statusCode(403);
        anonymous().contentType(ContentType.JSON).body(json("正文", "WEBSITE")).post("/api/v1/check").then().statusCode(401);
    }

    @Test
    void aCleanDraftPasses() {
        as("editor").contentType(ContentType.JSON)
                .body(json("今天上午，我局组织全体干部职工参加植树活动，共植树200余株。", "WEIBO"))
                .post("/api/v1/check").then().statusCode(200)
                .body("verdict", equalTo("PASS")).body("findings", hasSize(0));
    }

    @Test
    void badRequestsAreProblemsNotErrors() {
        as("cms").contentType(ContentType.JSON).body(json("正文", "TOUTIAO")).post("/api/v1/check").then()
                .statusCode(400).contentType(containsString("problem+json"))
                .body("code", equalTo("unknown-channel")).body("allowedChannels", hasItem("WEBSITE"));
        as("cms").contentType(ContentType.JSON).body(Map.of("text", "正文")).post("/api/v1/check").then()
                .statusCode(400).body("code", equalTo("channel-required"));
        as("cms").contentType(ContentType.JSON).body(Map.of("channel", "WEBSITE")).post("/api/v1/check").then()
                .statusCode(400).body("code", equalTo("nothing-to-check"));
        as("cms").contentType(ContentType.JSON).body("{\"text\": ").post("/api/v1/check").then()
                .statusCode(400).contentType(containsString("problem+json"));
        as("cms").contentType(ContentType.JSON).body("[1,2]").post("/api/v1/check").then().statusCode(400);
        as("cms").contentType(ContentType.JSON).body("null").post("/api/v1/check").then().statusCode(400);
        as("cms").contentType("application/xml").body("<a/>").post("/api/v1/check").then().statusCode(415);
    }

    @Test
    void filesAreCheckedAndWhatCannotBeReadNeverPasses() throws Exception {
        HttpResponse<String> r = new Multipart().field("channel", "WEBSITE")
                .file("通知.txt", "各科室：\n秘密★6个月\n现将有关事项通知如下。".getBytes(StandardCharsets.UTF_8))
                .file("附件.bin", new byte[]{0, 1, 2, 3, (byte) 0xFF})
                .field("text", "联系人：王先生，手机 13905718888。" + "正文。".repeat(2000))
                .post(check.toURI(), "cms");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonPath json = JsonPath.from(r.body());
        assertThat(json.getString("verdict")).isEqualTo("BLOCK");
        assertThat(json.getList("parts", String.class)).startsWith("body").contains("通知.txt", "附件.bin");
        assertThat(json.getList("findings.category")).contains("CLASSIFICATION_MARK", "PERSONAL_INFO", "UNREADABLE");
        assertThat(json.getString("findings.find { it.category == 'UNREADABLE' }.severity")).isEqualTo("WARN");
        assertThat(json.getString("findings.find { it.category == 'UNREADABLE' }.part")).startsWith("附件.bin");
        assertThat(json.getString("findings.find { it.category == 'CLASSIFICATION_MARK' }.part")).isEqualTo("通知.txt");
        assertThat(json.getString("findings.find { it.category == 'CLASSIFICATION_MARK' }.matched")).isEqualTo("秘密★6个月");

        r = new Multipart().field("channel", "WEBSITE").file("扫描件.png", new byte[]{(byte) 0x89, 'P', 'N', 'G'})
                .post(check.toURI(), "editor");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JsonPath.from(r.body()).getString("verdict")).isNotEqualTo("PASS");
        assertThat(JsonPath.from(r.body()).getList("findings.category")).contains("UNREADABLE");

        r = new Multipart().field("channel", "MARS").file("a.txt", "正文".getBytes(StandardCharsets.UTF_8))
                .post(check.toURI(), "cms");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JsonPath.from(r.body()).getString("code")).isEqualTo("unknown-channel");

        r = new Multipart().field("channel", "WEBSITE").post(check.toURI(), "cms");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JsonPath.from(r.body()).getString("code")).isEqualTo("nothing-to-check");
    }

    @Test
    void anOversizeUploadIsRefusedWithAProblemAndTheServiceAnswersTheNextRequest() throws Exception {
        String answer = Multipart.declareOnly(check.toURI(), "cms", 65L * 1024 * 1024);
        assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("content-type: application/problem+json")
                .contains("\"code\":\"payload-too-large\"");
        as("cms").contentType(ContentType.JSON).body(json("正文", "WEBSITE")).post("/api/v1/check").then()
                .statusCode(200).body("verdict", equalTo("PASS"));
    }

    @Test
    void onlyAnAuditLineWithCountsIsKept() {
        String secret = "本项目招标底价为1200万元，联系人手机 13905718888";
        as("cms").contentType(ContentType.JSON).body(json(secret, "WEBSITE")).post("/api/v1/check").then()
                .statusCode(200).body("verdict", equalTo("BLOCK"));
        AuditEntry last = QuarkusTransaction.requiringNew().call(
                () -> AuditEntry.<AuditEntry>find("action = 'CHECK' order by seq desc").firstResult());
        assertThat(last.actor).isEqualTo("cms");
        // two SENSITIVE_TERM findings: the term 招标底价 and the shipped amount rule 标底 NEAR/4 (digits)
        assertThat(last.details).contains("\"verdict\":\"BLOCK\"").contains("\"SENSITIVE_TERM\":2")
                .contains("\"PERSONAL_INFO\":1").doesNotContain("招标底价").doesNotContain("13905718888");
    }

    @Test
    void aLargeCheckAnswers202AndItsResultOnlyToWhoAskedForIt() throws Exception {
        // Prefer: respond-async asks for what a file above review.check.async.above gets anyway
        io.restassured.response.Response accepted = as("cms").header("Prefer", "respond-async")
                .multiPart("channel", "WEBSITE")
                .multiPart("file", "notice.txt", "本文件密级为 机密★5年，仅供内部传阅。".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/api/v1/check");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String location = accepted.header("Location");
        assertThat(location).contains("/api/v1/check/jobs/");
        String path = location.substring(location.indexOf("/api/v1/check/jobs/"));
        assertThat(accepted.jsonPath().getString("status")).isEqualTo("RUNNING");
        assertThat(accepted.jsonPath().getString("location")).isEqualTo(path);

        // nobody else learns anything about it: another account, an unknown id
        as("editor").get(path).then().statusCode(404);
        as("cms").get("/api/v1/check/jobs/00000000000000000000000000000000").then().statusCode(404);

        JsonPath done = null;
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < until) {
            io.restassured.response.Response r = as("cms").get(path);
            if (r.statusCode() == 200) {
                done = r.jsonPath();
                break;
            }
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.jsonPath().getString("status")).isEqualTo("RUNNING");
            Thread.sleep(100);
        }
        assertThat(done).as("the check finished").isNotNull();
        assertThat(done.getString("verdict")).isEqualTo("BLOCK");
        assertThat(done.getList("findings.category", String.class)).contains("CLASSIFICATION_MARK");
        assertThat(done.getList("reminders", String.class)).isNotEmpty();
    }

    @Test
    void refusalsComeBeforeAnyBackgroundWork() {
        as("cms").header("Prefer", "respond-async").multiPart("channel", "FAX")
                .multiPart("file", "a.txt", "正文".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/api/v1/check").then().statusCode(400).body("code", equalTo("unknown-channel"));
    }
}
