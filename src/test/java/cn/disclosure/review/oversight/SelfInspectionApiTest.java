package cn.disclosure.review.oversight;

import cn.disclosure.review.identity.TestTokens;
import cn.disclosure.review.intake.DraftFixtures;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** 自查自评 through the real HTTP API on the real database. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SelfInspectionApiTest {
    static final String DEPT = "自查测试科-" + UUID.randomUUID().toString().substring(0, 6);
    static final int YEAR = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();

    static RequestSpecification editor() {
        return TestTokens.as("si-editor", DEPT, "EDITOR");
    }

    static RequestSpecification reviewer() {
        return TestTokens.as("si-reviewer", DEPT, "DEPT_REVIEWER");
    }

    static long publish(String url) {
        JsonPath created = DraftFixtures.submit(editor(), DraftFixtures.draft(DraftFixtures.unique("自查样稿"),
                DraftFixtures.CLEAN + DraftFixtures.unique("正文"))).statusCode(201).extract().jsonPath();
        long id = created.getLong("id");
        String hash = created.getString("contentHash");
        DraftFixtures.approve(reviewer(), id, hash).statusCode(201);
        DraftFixtures.approve(as("office"), id, hash).statusCode(201);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", "WEBSITE");
        if (url != null) {
            body.put("url", url);
        }
        return editor().contentType(ContentType.JSON).body(body).post("/api/v1/drafts/" + id + "/publications")
                .then().statusCode(201).extract().jsonPath().getLong("publicationId");
    }

    static Map<String, Object> row(JsonPath r, String code) {
        List<Map<String, Object>> items = r.getList("items");
        return items.stream().filter(m -> code.equals(m.get("code"))).findFirst().orElseThrow();
    }

    @Test
    void theServiceAnswersFromItsRecordsAndTheDepartmentAnswersTheRest() throws Exception {
        publish("https://www.example.gov.cn/zc/1.html");
        publish("https://www.example.gov.cn/zc/2.html");
        long noUrl = publish(null);

        JsonPath r = as("office").queryParam("year", YEAR).queryParam("department", DEPT).get("/api/v1/self-inspection")
                .then().statusCode(200).extract().jsonPath();
        assertThat(row(r, "APPROVAL_COMPLETE").get("answer")).isEqualTo("是");
        assertThat(((Number) row(r, "APPROVAL_COMPLETE").get("rate")).doubleValue()).isEqualTo(1.0);
        Map<String, Object> register = row(r, "REGISTER_COMPLETE");
        assertThat(((Number) register.get("rate")).doubleValue()).isCloseTo(2.0 / 3, org.assertj.core.api.Assertions.within(1e-6));
        assertThat((List<?>) register.get("evidence")).singleElement().asString().contains("登记号 " + noUrl).contains("发布网址");
        assertThat(row(r, "REMINDERS").get("answer")).isEqualTo("是");
        assertThat(row(r, "SYSTEM").get("answer")).isEqualTo("未填报");

        // the department answers its items; not the ones the service answers, not for another department
        Map<String, Object> answers = new LinkedHashMap<>();
        answers.put("SYSTEM", Map.of("answer", "YES", "evidence", "《信息公开保密审查制度》已印发"));
        answers.put("TRAINING", Map.of("answer", "PARTLY"));
        reviewer().contentType(ContentType.JSON).body(answers).put("/api/v1/self-inspection/" + YEAR + "/" + DEPT + "/answers")
                .then().statusCode(200);
        TestTokens.as("si-other", "别的科室", "DEPT_REVIEWER").contentType(ContentType.JSON).body(answers)
                .put("/api/v1/self-inspection/" + YEAR + "/" + DEPT + "/answers").then().statusCode(403);
        TestTokens.as("si-other", "别的科室", "DEPT_REVIEWER").queryParam("year", YEAR).queryParam("department", DEPT)
                .get("/api/v1/self-inspection").then().statusCode(403);
        reviewer().contentType(ContentType.JSON).body(Map.of("APPROVAL_COMPLETE", Map.of("answer", "YES")))
                .put("/api/v1/self-inspection/" + YEAR + "/" + DEPT + "/answers").then().statusCode(400)
                .body("code", equalTo("answered-by-system"));
        reviewer().contentType(ContentType.JSON).body(Map.of("SYSTEM", Map.of("answer", "MAYBE")))
                .put("/api/v1/self-inspection/" + YEAR + "/" + DEPT + "/answers").then().statusCode(400);

        // a reviewer reads their own department without naming it
        JsonPath mine = reviewer().queryParam("year", YEAR).get("/api/v1/self-inspection").then().statusCode(200).extract().jsonPath();
        assertThat(mine.getString("department")).isEqualTo(DEPT);
        assertThat(row(mine, "SYSTEM").get("answer")).isEqualTo("是");
        // 1 + 2/3 + 1 (no spot check) + 1 (no 整改) + 1 + 1 + 0 + 0 + 0.5, of 9 → 68.5
        assertThat(mine.getDouble("score")).isEqualTo(68.5);

        JsonPath roll = as("office").queryParam("year", YEAR).get("/api/v1/self-inspection/roll-up").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> depts = roll.getList("departments");
        Map<String, Object> ours = depts.stream().filter(m -> DEPT.equals(m.get("department"))).findFirst().orElseThrow();
        assertThat(((Number) ours.get("score")).doubleValue()).isEqualTo(68.5);
        assertThat(((Number) ours.get("published")).intValue()).isEqualTo(3);
        reviewer().queryParam("year", YEAR).get("/api/v1/self-inspection/roll-up").then().statusCode(403);

        byte[] xlsx = reviewer().queryParam("year", YEAR).queryParam("format", "xlsx").get("/api/v1/self-inspection")
                .then().statusCode(200).extract().asByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(2);
            assertThat(wb.getSheetAt(1).getRow(2).getCell(1).getStringCellValue()).isEqualTo("信息发布登记完整");
        }
        byte[] pdf = as("office").queryParam("year", YEAR).queryParam("format", "pdf").get("/api/v1/self-inspection/roll-up")
                .then().statusCode(200).extract().asByteArray();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(doc)).contains("自查自评汇总").contains(DEPT);
        }
        as("office").queryParam("year", "abc").get("/api/v1/self-inspection").then().statusCode(400);
    }
}
