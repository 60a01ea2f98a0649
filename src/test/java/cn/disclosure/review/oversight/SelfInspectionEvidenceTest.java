package cn.disclosure.review.oversight;

import cn.disclosure.review.core.Sha256;
import cn.disclosure.review.identity.TestTokens;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Evidence files (佐证材料) of 自查自评 answer items, through the real HTTP API on the real database. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SelfInspectionEvidenceTest {
    static final int YEAR = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
    static final byte[] PDF = ("%PDF-1.4\n% 保密审查制度（测试佐证）\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.UTF_8);

    static String dept() {
        return "佐证测试科-" + UUID.randomUUID().toString().substring(0, 6);
    }

    static RequestSpecification reviewer(String dept) {
        return TestTokens.as("ev-reviewer", dept, "DEPT_REVIEWER");
    }

    /** The path as rest-assured takes it (it encodes it). */
    static String base(String dept) {
        return "/api/v1/self-inspection/" + YEAR + "/" + dept;
    }

    /** The path as the service writes it in {@code href} (encoded). */
    static String encodedBase(String dept) {
        return "/api/v1/self-inspection/" + YEAR + "/" + URLEncoder.encode(dept, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Multipart as a browser sends it: raw UTF-8 file names. */
    static final io.restassured.config.RestAssuredConfig MULTIPART = io.restassured.RestAssured.config()
            .encoderConfig(io.restassured.config.EncoderConfig.encoderConfig().defaultCharsetForContentType("UTF-8", "multipart/form-data"))
            .httpClient(io.restassured.config.HttpClientConfig.httpClientConfig()
                    .httpMultipartMode(org.apache.http.entity.mime.HttpMultipartMode.BROWSER_COMPATIBLE));

    static Response upload(RequestSpecification who, String dept, String item, String name, byte[] content) {
        return who.config(MULTIPART).contentType("multipart/form-data; charset=UTF-8")
                .multiPart("file", name, content, "application/octet-stream").post(base(dept) + "/answers/" + item + "/evidence");
    }

    static Map<String, Object> row(JsonPath r, String code) {
        List<Map<String, Object>> items = r.getList("items");
        return items.stream().filter(m -> code.equals(m.get("code"))).findFirst().orElseThrow();
    }

    @Test
    void theDepartmentUploadsEvidenceThatIsListedExportedAndDownloadedOnlyByItAndTheOffice() throws Exception {
        String dept = dept();
        JsonPath up = upload(reviewer(dept), dept, "SYSTEM", "保密审查制度.pdf", PDF)
                .then().statusCode(201).contentType("application/json").extract().jsonPath();
        long id = up.getLong("id");
        String sha = Sha256.hex(PDF);
        assertThat(up.getString("sha256")).isEqualTo(sha);
        assertThat(up.getString("name")).isEqualTo("保密审查制度.pdf");
        assertThat(up.getString("mediaType")).isEqualTo("application/pdf");
        assertThat(up.getLong("size")).isEqualTo(PDF.length);
        assertThat(up.getString("uploadedBy")).isEqualTo("ev-reviewer");
        String href = up.getString("href");
        assertThat(href).isEqualTo(encodedBase(dept) + "/evidence/" + id);
        // the 保密办 adds one for another item of the department
        upload(as("office"), dept, "training", "培训签到表.txt", "2026年保密培训签到：共 12 人".getBytes(StandardCharsets.UTF_8))
                .then().statusCode(201).body("item", equalTo("TRAINING")).body("mediaType", equalTo("text/plain; charset=UTF-8"));

        // listed in the checklist: names and hashes, never content
        String json = as("office").queryParam("year", YEAR).queryParam("department", dept).get("/api/v1/self-inspection")
                .then().statusCode(200).extract().asString();
        JsonPath r = JsonPath.from(json);
        List<Map<String, Object>> files = (List<Map<String, Object>>) row(r, "SYSTEM").get("files");
        assertThat(files).singleElement().satisfies(f -> {
            assertThat(f.get("name")).isEqualTo("保密审查制度.pdf");
            assertThat(f.get("sha256")).isEqualTo(sha);
            assertThat(f.get("href")).isEqualTo(href);
        });
        assertThat((List<?>) row(r, "TRAINING").get("files")).hasSize(1);
        assertThat((List<?>) row(r, "APPROVAL_COMPLETE").get("files")).isEmpty();
        assertThat(json).doesNotContain("测试佐证").doesNotContain("共 12 人");
        // the department sees its own sheet with the files too
        reviewer(dept).queryParam("year", YEAR).get("/api/v1/self-inspection").then().statusCode(200)
                .body("items.find { it.code == 'SYSTEM' }.files[0].sha256", equalTo(sha));

        // the xlsx and the PDF list name and hash
        byte[] xlsx = as("office").queryParam("year", YEAR).queryParam("department", dept).queryParam("format", "xlsx")
                .get("/api/v1/self-inspection").then().statusCode(200).extract().asByteArray();
        StringBuilder cells = new StringBuilder();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            for (org.apache.poi.ss.usermodel.Sheet sheet : wb) {
                for (Row row : sheet) {
                    for (Cell c : row) {
                        cells.append(c.toString()).append('\t');
                    }
                }
            }
        }
        assertThat(cells.toString()).contains("佐证文件（名称和 SHA-256）").contains("保密审查制度.pdf").contains(sha)
                .contains("培训签到表.txt").doesNotContain("测试佐证");
        byte[] pdf = as("office").queryParam("year", YEAR).queryParam("department", dept).queryParam("format", "pdf")
                .get("/api/v1/self-inspection").then().statusCode(200).extract().asByteArray();
        try (PDDocument d = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(d);
            assertThat(text).contains("保密审查制度.pdf");
            assertThat(text.replaceAll("\\s+", "")).contains(sha);
        }

        // downloads: the department, the 保密办 and the administrator get the bytes as an attachment
        for (RequestSpecification who : List.of(reviewer(dept), as("office"), as("admin"))) {
            Response d = who.urlEncodingEnabled(false).get(href);
            assertThat(d.statusCode()).isEqualTo(200);
            assertThat(d.asByteArray()).isEqualTo(PDF);
            assertThat(d.header("Content-Disposition")).startsWith("attachment;");
            assertThat(d.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(d.header("X-Evidence-SHA256")).isEqualTo(sha);
        }
        // never another department, nor roles without the right
        TestTokens.as("ev-other", "别的科室", "DEPT_REVIEWER").urlEncodingEnabled(false).get(href).then().statusCode(403)
                .contentType("application/problem+json").body("code", equalTo("department-scope"));
        TestTokens.as("ev-editor", dept, "EDITOR").urlEncodingEnabled(false).get(href).then().statusCode(403);
        as("leader").urlEncodingEnabled(false).get(href).then().statusCode(403);
        // an id of another department's path is not found, whoever asks
        as("office").get(base("别的科室") + "/evidence/" + id).then().statusCode(404);

        // audit: upload and download, with hash and id, never the name or the content
        long length = as("admin").get("/api/v1/audit/verify").then().statusCode(200).extract().jsonPath().getLong("length");
        String lines = as("admin").get("/api/v1/audit/entries?from=" + Math.max(1, length - 100) + "&limit=1000")
                .then().statusCode(200).extract().asString();
        List<String> mine = Arrays.stream(lines.split("\n")).filter(l -> l.contains(dept) && l.contains("selfinspection.evidence")).toList();
        assertThat(mine).anyMatch(l -> l.contains("selfinspection.evidence.upload") && l.contains(sha));
        assertThat(mine.stream().filter(l -> l.contains("selfinspection.evidence.download")).count()).isEqualTo(3);
        assertThat(String.join("\n", mine)).doesNotContain("保密审查制度.pdf").doesNotContain("测试佐证");
    }

    @Test
    void uploadsAreRefusedForOtherDepartmentsBadItemsWrongTypesAndOversizedFiles() {
        String dept = dept();
        upload(TestTokens.as("ev-other", "别的科室", "DEPT_REVIEWER"), dept, "SYSTEM", "制度.pdf", PDF)
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("department-scope"));
        upload(TestTokens.as("ev-editor", dept, "EDITOR"), dept, "SYSTEM", "制度.pdf", PDF).then().statusCode(403);
        upload(as("leader"), dept, "SYSTEM", "制度.pdf", PDF).then().statusCode(403);
        upload(reviewer(dept), dept, "NO_SUCH_ITEM", "制度.pdf", PDF)
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("unknown-item"));
        upload(reviewer(dept), dept, "APPROVAL_COMPLETE", "制度.pdf", PDF)
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("answered-by-system"));
        upload(reviewer(dept), dept, "SYSTEM", "制度.exe", PDF)
                .then().statusCode(415).contentType("application/problem+json").body("code", equalTo("unsupported-evidence-type"));
        upload(reviewer(dept), dept, "SYSTEM", "制度.pdf", "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8))
                .then().statusCode(415).contentType("application/problem+json");
        upload(reviewer(dept), dept, "SYSTEM", "制度.txt", new byte[]{(byte) 0xC3, 0x28, 0x00})
                .then().statusCode(415).contentType("application/problem+json");
        reviewer(dept).contentType("multipart/form-data").multiPart("note", "no file").post(base(dept) + "/answers/SYSTEM/evidence")
                .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("missing-file"));
        reviewer(dept).multiPart("file", "a.pdf", PDF).post("/api/v1/self-inspection/1999/" + dept + "/answers/SYSTEM/evidence")
                .then().statusCode(400).body("code", equalTo("bad-year"));
        // over the limit (review.self-inspection.evidence.max-bytes, 20M by default): 413 with a problem body
        byte[] big = new byte[20 * 1024 * 1024 + 1];
        System.arraycopy(PDF, 0, big, 0, PDF.length);
        upload(reviewer(dept), dept, "SYSTEM", "大文件.pdf", big)
                .then().statusCode(413).contentType("application/problem+json").body("code", equalTo("evidence-too-large"));
        // a path in the name is dropped; nothing of the refused uploads was stored
        upload(reviewer(dept), dept, "SYSTEM", "../../etc/制度.pdf", PDF).then().statusCode(201).body("name", equalTo("制度.pdf"));
        JsonPath r = as("office").queryParam("year", YEAR).queryParam("department", dept).get("/api/v1/self-inspection")
                .then().statusCode(200).extract().jsonPath();
        assertThat((List<?>) row(r, "SYSTEM").get("files")).hasSize(1);
    }
}
