package cn.disclosure.review.lexicon;

import cn.disclosure.review.audit.AuditEntry;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class LexiconResourceTest {
    /** rest-assured would send text/* bodies in ISO-8859-1 without an explicit charset. */
    private static final String TSV = "text/tab-separated-values; charset=UTF-8";

    @Inject
    LexiconService lexicons;
    @Inject
    LexiconRegistry registry;

    private static String check(String text) {
        return as("cms").contentType(ContentType.JSON).body(Map.of("text", text, "channel", "WEBSITE"))
                .post("/api/v1/check").then().statusCode(200).extract().path("verdict");
    }

    @Test
    void theStartingLexiconsAreLoadedFromTheLexiconsFolder() {
        as("office").get("/api/v1/lexicons").then().statusCode(200)
                .body("name", hasItem("sensitive-terms"))
                .body("find { it.name == 'sensitive-terms' }.kind", equalTo("TERMS"))
                .body("find { it.name == 'sensitive-terms' }.source", equalTo("FILE"))
                .body("find { it.name == 'allow-near-misses' }.kind", equalTo("ALLOW"));
        assertThat(check("本项目标底为1200万元")).isEqualTo("BLOCK");
        assertThat(check("确保目标底线不突破")).isEqualTo("PASS");
    }

    @Test
    void putCreatesAndReplacesAndTheNextCheckUsesIt() {
        assertThat(check("今天组织了一次植树活动。")).isEqualTo("PASS");
        as("admin").contentType(TSV).body("# 测试\n植树活动\tBLOCK\t测试用\n").put("/api/v1/lexicons/test-replace")
                .then().statusCode(200)
                .body("name", equalTo("test-replace")).body("version", equalTo(1)).body("terms", equalTo(1));
        assertThat(check("今天组织了一次植树活动。")).isEqualTo("BLOCK");
        as("cms").contentType(ContentType.JSON).body(Map.of("text", "植树活动", "channel", "WEBSITE"))
                .post("/api/v1/check").then().body("lexiconVersions.test-replace", equalTo(1))
                .body("findings[0].rule", equalTo("term.test-replace"));

        as("admin").contentType(TSV).body("义务劳动\tWARN\n志愿服务\tINFO\n").put("/api/v1/lexicons/test-replace")
                .then().statusCode(200).body("version", equalTo(2)).body("terms", equalTo(2));
        assertThat(check("今天组织了一次植树活动。")).isEqualTo("PASS");
        assertThat(check("参加义务劳动。")).isEqualTo("WARN");
        as("admin").get("/api/v1/lexicons").then().statusCode(200)
                .body("find { it.name == 'test-replace' }.version", equalTo(2))
                .body("find { it.name == 'test-replace' }.terms", equalTo(2))
                .body("find { it.name == 'test-replace' }.source", equalTo("API"));
        String content = as("admin").get("/api/v1/lexicons/test-replace").then().statusCode(200)
                .contentType(containsString("text/tab-separated-values")).extract().asString();
        assertThat(content).isEqualTo("义务劳动\tWARN\n志愿服务\tINFO\n");

        AuditEntry audit = QuarkusTransaction.requiringNew().call(() ->
                AuditEntry.<AuditEntry>find("action = 'LEXICON_REPLACED' and subjectId = 'test-replace' order by seq desc").firstResult());
        assertThat(audit.actor).isEqualTo("admin");
        assertThat(audit.details).contains("\"version\":2").contains("\"terms\":2").doesNotContain("义务劳动");
    }

    @Test
    void anAllowListSuppressesTheTermsItCovers() {
        as("admin").contentType(TSV).body("城市更新\tBLOCK\n").put("/api/v1/lexicons/test-allow-terms").then().statusCode(200);
        assertThat(check("推进城市更新行动计划")).isEqualTo("BLOCK");
        as("admin").contentType(TSV).body("城市更新行动\t\t公开的规划名称\n").put("/api/v1/lexicons/allow-test").then().statusCode(200);
        assertThat(check("推进城市更新行动计划")).isEqualTo("PASS");
        assertThat(check("城市更新方案")).isEqualTo("BLOCK");
        as("admin").contentType(TSV).body("").put("/api/v1/lexicons/allow-test").then().statusCode(200).body("terms", equalTo(0));
        as("admin").contentType(TSV).body("").put("/api/v1/lexicons/test-allow-terms").then().statusCode(200);
    }

    @Test
    void badUploadsAreRefusedWithTheLineAndOnlyAdminsMayUpload() {
        as("admin").contentType(TSV).body("招标底价\tBLOCK\n标底\tSEVERE\n").put("/api/v1/lexicons/test-bad")
                .then().statusCode(400).contentType(containsString("problem+json"))
                .body("code", equalTo("lexicon-invalid")).body("line", equalTo(2))
                .body("detail", containsString("第 2 行"));
        as("admin").contentType(TSV).body("招标底价\n").put("/api/v1/lexicons/Bad%20Name").then().statusCode(400)
                .body("code", equalTo("lexicon-invalid"));
        as("office").contentType(TSV).body("招标底价\n").put("/api/v1/lexicons/test-bad").then().statusCode(403);
        as("editor").get("/api/v1/lexicons").then().statusCode(403);
        as("admin").get("/api/v1/lexicons/no-such-lexicon").then().statusCode(404);
        assertThat(registry.current().versions()).doesNotContainKey("test-bad");
    }

    @Test
    void aChangedStartingFileBecomesANewVersionButAnUploadedVersionWins(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("test-file.tsv"), "甲乙丙丁\tBLOCK\n");
        lexicons.loadStartingLexicons(dir);
        assertThat(registry.current().versions()).containsEntry("test-file", 1);
        lexicons.loadStartingLexicons(dir);
        assertThat(registry.current().versions()).containsEntry("test-file", 1);
        Files.writeString(dir.resolve("test-file.tsv"), "甲乙丙丁\tBLOCK\n戊己庚辛\tWARN\n");
        lexicons.loadStartingLexicons(dir);
        assertThat(registry.current().versions()).containsEntry("test-file", 2);
        as("admin").contentType(TSV).body("壬癸子丑\tWARN\n").put("/api/v1/lexicons/test-file").then().statusCode(200)
                .body("version", equalTo(3));
        Files.writeString(dir.resolve("test-file.tsv"), "甲乙丙丁\tINFO\n");
        lexicons.loadStartingLexicons(dir);
        assertThat(registry.current().versions()).containsEntry("test-file", 3);
        assertThat(check("壬癸子丑")).isEqualTo("WARN");
    }
}
