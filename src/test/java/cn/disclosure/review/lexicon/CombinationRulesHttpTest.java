package cn.disclosure.review.lexicon;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Combination rules end to end: PUT a lexicon with rules, POST /api/v1/check, and bad rules refused with their line. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class CombinationRulesHttpTest {
    private static final String TSV = "text/tab-separated-values; charset=UTF-8";

    private static JsonPath check(String text) {
        return as("cms").contentType(ContentType.JSON).body(Map.of("text", text, "channel", "WEBSITE"))
                .post("/api/v1/check").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void rulesOfAPutLexiconAreInForceForTheNextCheck() {
        String lexicon = """
                # 组合规则测试
                植树造林	INFO
                (苗木|树苗)&采购单价	BLOCK	采购单价未公开
                苗木台账~(已公示|已公开)	WARN
                造林地块 NEAR/4 坐标	BLOCK
                """;
        as("admin").contentType(TSV).body(lexicon).put("/api/v1/lexicons/test-rules")
                .then().statusCode(200).body("version", equalTo(1)).body("terms", equalTo(1)).body("rules", equalTo(3));

        String text = "春季植树造林工作总结\n本次树苗的采购单价为每株12元。\n造林地块的坐标见附件。";
        JsonPath r = check(text);
        assertThat(r.getString("verdict")).isEqualTo("BLOCK");
        List<Map<String, Object>> findings = r.getList("findings");
        assertThat(findings).extracting(f -> f.get("rule")).contains(
                "rule.test-rules:(苗木|树苗)&采购单价", "rule.test-rules:造林地块 NEAR/4 坐标", "term.test-rules");
        Map<String, Object> price = findings.stream().filter(f -> "rule.test-rules:(苗木|树苗)&采购单价".equals(f.get("rule")))
                .findFirst().orElseThrow();
        assertThat(price.get("category")).isEqualTo("SENSITIVE_TERM");
        assertThat(price.get("severity")).isEqualTo("BLOCK");
        assertThat(price.get("matched")).isEqualTo("树苗的采购单价");
        int start = (Integer) price.get("start");
        int end = (Integer) price.get("end");
        assertThat(text.substring(start, end)).isEqualTo("树苗的采购单价");
        assertThat((String) price.get("message")).contains("采购单价未公开");
        assertThat(r.getInt("lexiconVersions.test-rules")).isEqualTo(1);

        // the exception of a ~ rule: 已公示 in the same paragraph
        assertThat(check("苗木台账已公示，欢迎监督。").getString("verdict")).isEqualTo("PASS");
        assertThat(check("苗木台账见附件。").getString("verdict")).isEqualTo("WARN");
        // too far apart for NEAR/4, different paragraphs for &
        assertThat(check("造林地块的位置与边界坐标").getString("verdict")).isEqualTo("PASS");
        assertThat(check("树苗已栽种。\n采购单价另行公布。").getString("verdict")).isEqualTo("PASS");

        // replacing the lexicon replaces its rules
        as("admin").contentType(TSV).body("植树造林\tINFO\n").put("/api/v1/lexicons/test-rules").then().statusCode(200)
                .body("rules", equalTo(0));
        assertThat(check(text).getString("verdict")).isEqualTo("PASS");
    }

    @Test
    void aBadRuleLineIsAProblemWithItsLineNumberAndNothingIsStored() {
        as("admin").contentType(TSV).body("正常词条\tWARN\n\n(苗木|树苗&采购单价\tBLOCK\n").put("/api/v1/lexicons/test-bad-rule")
                .then().statusCode(400).contentType(containsString("problem+json"))
                .body("code", equalTo("lexicon-invalid")).body("line", equalTo(3))
                .body("detail", containsString("第 3 行")).body("detail", containsString("右括号"));
        as("admin").contentType(TSV).body("甲方 NEAR/9999 乙方\n").put("/api/v1/lexicons/test-bad-rule")
                .then().statusCode(400).body("line", equalTo(1)).body("detail", containsString("NEAR"));
        as("admin").contentType(TSV).body("正常词条\n甲方&乙方\n").put("/api/v1/lexicons/allow-test-rules")
                .then().statusCode(400).body("line", equalTo(2)).body("detail", containsString("白名单"));
        as("office").get("/api/v1/lexicons").then().statusCode(200)
                .body("findAll { it.name == 'test-bad-rule' }.size()", equalTo(0));
    }
}
