package cn.disclosure.review.publish;

import cn.disclosure.review.identity.TestTokens;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;

import static cn.disclosure.review.intake.DraftFixtures.CLEAN;
import static cn.disclosure.review.intake.DraftFixtures.approve;
import static cn.disclosure.review.intake.DraftFixtures.draft;
import static cn.disclosure.review.intake.DraftFixtures.submit;
import static cn.disclosure.review.intake.DraftFixtures.unique;
import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** The register's filters and its CSV and xlsx exports, opened the way Excel would open them. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class RegisterExportTest {

    /** Publishes a fresh draft whose title is awkward for spreadsheets; returns the publication id. */
    private static int published(String title) {
        Map<String, Object> d = draft(title, unique(CLEAN));
        d.put("docNumber", "办函〔2026〕7号");
        JsonPath created = submit(as("editor"), d).statusCode(201).extract().jsonPath();
        approve(as("reviewer"), created.getLong("id"), created.getString("contentHash")).statusCode(201);
        approve(as("office"), created.getLong("id"), created.getString("contentHash")).statusCode(201);
        return as("editor").contentType(ContentType.JSON).body(Map.of("channel", "WEBSITE", "url", "https://www.example.gov.cn/c.html"))
                .post("/api/v1/drafts/" + created.getLong("id") + "/publications").then().statusCode(201)
                .extract().path("publicationId");
    }

    @Test
    void csvIsUtf8WithBomAndQuotesWhatItMust() {
        String title = "=关于\"健身\"活动, 的通知" + unique("");
        int publicationId = published(title);
        byte[] csv = as("office").get("/api/v1/register?format=csv").then().statusCode(200)
                .contentType(containsString("text/csv"))
                .header("Content-Disposition", containsString("filename*=UTF-8''"))
                .extract().asByteArray();
        assertThat(Arrays.copyOf(csv, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n");
        assertThat(lines[0]).startsWith("登记号,稿件编号,版本,标题,文号,发布渠道,网址,部门,提交人,审查人及审查时间,发布时间");
        String line = Arrays.stream(lines).filter(l -> l.startsWith(publicationId + ",")).findFirst().orElseThrow();
        // a leading "=" would be run as a formula by Excel: neutralised; quotes doubled; the comma kept inside quotes
        assertThat(line).contains("\"'=关于\"\"健身\"\"活动, 的通知").contains("办函〔2026〕7号").contains("门户网站")
                .contains("科室负责人（办公室） reviewer 同意").contains("保密办 office 同意").contains("通过");
    }

    @Test
    void xlsxOpensWithPoiAndHasTheRowWithBothReviewers() throws Exception {
        String title = unique("关于开展读书月活动的通知");
        int publicationId = published(title);
        byte[] xlsx = as("leader").get("/api/v1/register?format=xlsx&channel=WEBSITE").then().statusCode(200)
                .contentType(containsString("spreadsheetml"))
                .extract().asByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = wb.getSheet("信息发布登记");
            assertThat(sheet).isNotNull();
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("登记号");
            assertThat(sheet.getRow(0).getCell(9).getStringCellValue()).isEqualTo("审查人及审查时间");
            Row row = null;
            for (Row r : sheet) {
                if (r.getRowNum() > 0 && (int) r.getCell(0).getNumericCellValue() == publicationId) {
                    row = r;
                }
            }
            assertThat(row).as("row of publication " + publicationId).isNotNull();
            assertThat(row.getCell(3).getStringCellValue()).isEqualTo(title);
            assertThat(row.getCell(9).getStringCellValue()).contains("reviewer").contains("office");
            assertThat(row.getCell(10).getLocalDateTimeCellValue().toLocalDate())
                    .isEqualTo(LocalDate.now(ZoneId.of("Asia/Shanghai")));
        }
    }

    @Test
    void filtersAndDepartmentScope() {
        int publicationId = published(unique("关于调整办公时间的通知"));
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        String yesterday = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1).toString();
        as("office").get("/api/v1/register?from=" + today + "&to=" + today + "&department=办公室").then().statusCode(200)
                .body("publicationId", hasItem(publicationId));
        as("office").get("/api/v1/register?to=" + yesterday).then().statusCode(200).body("publicationId", not(hasItem(publicationId)));
        as("office").get("/api/v1/register?channel=WECHAT").then().statusCode(200).body("publicationId", not(hasItem(publicationId)));
        as("office").get("/api/v1/register?department=财务处").then().statusCode(200).body("publicationId", not(hasItem(publicationId)));
        // the department's editor sees it; another department's editor does not, whatever the filter
        as("editor").get("/api/v1/register").then().statusCode(200).body("publicationId", hasItem(publicationId));
        TestTokens.as("fin-editor", "财务处", "EDITOR").get("/api/v1/register?department=办公室").then().statusCode(200)
                .body("publicationId", not(hasItem(publicationId)));
        as("office").get("/api/v1/register?format=pdf").then().statusCode(400).body("code", equalTo("unknown-format"));
        as("office").get("/api/v1/register?from=yesterday").then().statusCode(400).body("code", equalTo("bad-date"));
    }
}
