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
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Spot checks through the real HTTP API on the real database: publications of a department of
 * this test's own are drawn from, redrawn, verified, recorded, closed and reported; and the
 * refusals (another department's reviewer, a closed check, a changed seed).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SpotCheckApiTest {
    static final String DEPT = "抽查测试科-" + UUID.randomUUID().toString().substring(0, 6);
    static final int PUBLISHED = 8;
    static final String TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
    static final List<Long> published = new ArrayList<>();

    static RequestSpecification editor() {
        return TestTokens.as("sc-editor", DEPT, "EDITOR");
    }

    static RequestSpecification reviewer() {
        return TestTokens.as("sc-reviewer", DEPT, "DEPT_REVIEWER");
    }

    static RequestSpecification otherReviewer() {
        return TestTokens.as("sc-other", "别的科室", "DEPT_REVIEWER");
    }

    @BeforeEach
    void publishSome() {
        if (!published.isEmpty()) {
            return;
        }
        for (int i = 0; i < PUBLISHED; i++) {
            Map<String, Object> draft = DraftFixtures.draft(DraftFixtures.unique("抽查样稿"),
                    DraftFixtures.CLEAN + DraftFixtures.unique("正文"));
            JsonPath created = DraftFixtures.submit(editor(), draft).statusCode(201).extract().jsonPath();
            long id = created.getLong("id");
            String hash = created.getString("contentHash");
            DraftFixtures.approve(reviewer(), id, hash).statusCode(201);
            DraftFixtures.approve(as("office"), id, hash).statusCode(201);
            long pub = editor().contentType(ContentType.JSON)
                    .body(Map.of("channel", "WEBSITE", "url", "https://www.example.gov.cn/tzgg/" + id + ".html"))
                    .post("/api/v1/drafts/" + id + "/publications").then().statusCode(201).extract().jsonPath().getLong("publicationId");
            published.add(pub);
        }
    }

    static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", TODAY);
        m.put("to", TODAY);
        m.put("department", DEPT);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static JsonPath draw(RequestSpecification who, Map<String, Object> body) {
        return who.contentType(ContentType.JSON).body(body).post("/api/v1/spot-checks")
                .then().statusCode(201).extract().jsonPath();
    }

    /** The frame as the register shows it to the office, for an independent redraw. */
    static List<Sampler.Unit> registerFrame() {
        List<Map<String, Object>> rows = as("office").queryParam("from", TODAY).queryParam("to", TODAY)
                .queryParam("department", DEPT).get("/api/v1/register").then().statusCode(200).extract().jsonPath().getList("$");
        List<Sampler.Unit> units = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            units.add(new Sampler.Unit(((Number) r.get("publicationId")).longValue(), (String) r.get("contentHash"), ""));
        }
        return units;
    }

    @Test
    void theSameSeedAndFrameGiveTheSameSampleAndTheDrawIsCommittedToTheAuditChain() throws SQLException {
        JsonPath a = draw(as("office"), body("size", 5, "seed", "2026年12月 抽查种子"));
        JsonPath b = draw(as("office"), body("size", 5, "seed", "2026年12月 抽查种子"));
        assertThat(a.getInt("frameSize")).isEqualTo(PUBLISHED);
        assertThat(a.getString("algorithm")).isEqualTo(Sampler.ALGORITHM);
        List<Long> sampleA = a.getList("sample.publicationId", Long.class);
        assertThat(sampleA).hasSize(5).doesNotHaveDuplicates().allMatch(published::contains);
        assertThat(b.getList("sample.publicationId", Long.class)).isEqualTo(sampleA);
        assertThat(b.getString("frameHash")).isEqualTo(a.getString("frameHash"));
        assertThat(a.getList("sample.department", String.class)).containsOnly(DEPT);

        // anybody with the frame and the seed redraws the same sample (independent of the service)
        List<Sampler.Unit> frame = registerFrame();
        assertThat(Sampler.frameHash(frame)).isEqualTo(a.getString("frameHash"));
        assertThat(Sampler.draw("2026年12月 抽查种子", frame, 5).stream().map(d -> d.unit().id()).toList()).isEqualTo(sampleA);

        // the audit line holds seed and frame hash
        try (Connection c = EmbeddedPostgresResource.application();
             PreparedStatement ps = c.prepareStatement("select action, subject_id, details from audit_entry where seq = ?")) {
            ps.setLong(1, a.getLong("auditSeq"));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("spotcheck.draw");
                assertThat(rs.getString(2)).isEqualTo(a.getString("id"));
                assertThat(rs.getString(3)).contains(a.getString("frameHash")).contains("2026年12月 抽查种子");
            }
        }

        // without a seed one is generated (32 random bytes); a different seed draws differently
        JsonPath c = draw(as("office"), body("size", 5));
        assertThat(c.getString("seed")).matches("[0-9a-f]{64}");

        JsonPath v = as("office").get("/api/v1/spot-checks/" + a.getLong("id") + "/verify").then().statusCode(200).extract().jsonPath();
        assertThat(v.getBoolean("ok")).isTrue();
        assertThat(v.getBoolean("sampleReproduced")).isTrue();
        assertThat(v.getBoolean("seedCommitted")).isTrue();
        assertThat(v.getBoolean("frameUnchanged")).isTrue();
    }

    @Test
    void withoutASizeTheDiscoverySizeIsCappedAtTheFrame() {
        JsonPath a = draw(as("office"), body());
        assertThat(a.getInt("sampleSize")).isEqualTo(PUBLISHED);     // 59 wanted, the frame has 8
        JsonPath wide = draw(as("office"), body("department", null, "confidence", 0.5, "maxProblemRate", 0.5));
        assertThat(wide.getInt("sampleSize")).isEqualTo(1);            // ⌈ln 0.5 / ln 0.5⌉
    }

    @Test
    void eachItemShowsTheChainTheRegisterAndTheInspection() {
        long id = draw(as("office"), body("size", 2)).getLong("id");
        JsonPath d = as("office").get("/api/v1/spot-checks/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(d.getList("items")).hasSize(2);
        assertThat(d.getBoolean("items[0].publication.approval.complete")).isTrue();
        assertThat(d.getList("items[0].publication.approval.steps")).hasSize(2);
        assertThat(d.getList("items[0].publication.registerGaps")).isEmpty();
        assertThat(d.getString("items[0].publication.inspection.verdict")).isEqualTo("PASS");
        assertThat(d.getString("items[0].publication.url")).startsWith("https://www.example.gov.cn/");
        assertThat(d.getBoolean("mayRecord")).isTrue();
    }

    @Test
    void aReviewerChecksOnlyTheirOwnDepartmentAndTheOfficeSeesIt() {
        otherReviewer().contentType(ContentType.JSON).body(body()).post("/api/v1/spot-checks")
                .then().statusCode(403).body("code", org.hamcrest.Matchers.equalTo("department-scope"));
        long officeCheck = draw(as("office"), body("size", 1)).getLong("id");
        otherReviewer().get("/api/v1/spot-checks/" + officeCheck).then().statusCode(403);
        otherReviewer().get("/api/v1/spot-checks/" + officeCheck + "/report").then().statusCode(403);

        // without a department a reviewer's check is of their own department
        Map<String, Object> own = body("size", 2);
        own.remove("department");
        JsonPath dept = draw(reviewer(), own);
        assertThat(dept.getString("kind")).isEqualTo("DEPARTMENT");
        assertThat(dept.getList("sample.department", String.class)).containsOnly(DEPT);
        long deptId = dept.getLong("id");
        // the office cannot record the department's own check, but sees it in its list
        as("office").contentType(ContentType.JSON).body(Map.of("result", "OK", "note", "看过"))
                .put("/api/v1/spot-checks/" + deptId + "/items/" + dept.getLong("sample[0].publicationId"))
                .then().statusCode(403);
        List<Map<String, Object>> list = as("office").get("/api/v1/spot-checks").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(list).anySatisfy(m -> {
            assertThat(((Number) m.get("id")).longValue()).isEqualTo(deptId);
            assertThat(m.get("kind")).isEqualTo("DEPARTMENT");
        });
        // the other department's reviewer does not see it
        List<Map<String, Object>> others = otherReviewer().get("/api/v1/spot-checks").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(others).noneSatisfy(m -> assertThat(((Number) m.get("id")).longValue()).isEqualTo(deptId));
    }

    @Test
    void theSeedCannotBeChangedAfterTheDraw() throws SQLException {
        JsonPath a = draw(as("office"), body("size", 3, "seed", "fixed-seed"));
        long id = a.getLong("id");
        as("office").contentType(ContentType.JSON).body(Map.of("seed", "another-seed"))
                .put("/api/v1/spot-checks/" + id).then().statusCode(409).body("code", org.hamcrest.Matchers.equalTo("draw-fixed"));
        as("office").contentType(ContentType.JSON).body(Map.of("size", 4))
                .put("/api/v1/spot-checks/" + id).then().statusCode(409);
        // title and basis may change while open
        as("office").contentType(ContentType.JSON).body(Map.of("title", "十二月网站抽查", "seed", "fixed-seed"))
                .put("/api/v1/spot-checks/" + id).then().statusCode(200).body("title", org.hamcrest.Matchers.equalTo("十二月网站抽查"));
        // behind the service's back the database refuses too
        try (Connection c = EmbeddedPostgresResource.application();
             PreparedStatement ps = c.prepareStatement("update spot_check set seed = 'x' where id = ?")) {
            ps.setLong(1, id);
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("fixed");
        }
        try (Connection c = EmbeddedPostgresResource.application();
             PreparedStatement ps = c.prepareStatement("update spot_check_item set publication_id = publication_id + 1 where spot_check_id = ?")) {
            ps.setLong(1, id);
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class);
        }
        as("office").get("/api/v1/spot-checks/" + id + "/verify").then().statusCode(200).body("ok", org.hamcrest.Matchers.equalTo(true));
    }

    @Test
    void recordCloseAndReportWithOneProblem() throws Exception {
        JsonPath a = draw(as("office"), body("size", 5, "seed", "report-seed"));
        long id = a.getLong("id");
        List<Long> sample = a.getList("sample.publicationId", Long.class);
        String base = "/api/v1/spot-checks/" + id;
        as("office").contentType(ContentType.JSON).body(Map.of("result", "PROBLEM", "note", "缺少说明"))
                .put(base + "/items/" + sample.get(0)).then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("bad-problem"));
        as("office").contentType(ContentType.JSON)
                .body(Map.of("result", "PROBLEM", "problem", "REGISTER_INCOMPLETE", "note", "登记缺少文号说明"))
                .put(base + "/items/" + sample.get(0)).then().statusCode(200)
                .body("problemLabel", org.hamcrest.Matchers.equalTo("信息发布登记不完整"))
                .body("deadline", org.hamcrest.Matchers.notNullValue())
                .body("rectification.status", org.hamcrest.Matchers.equalTo("OPEN"));
        // the problem opened a 整改 item for the department and the 保密办
        List<Map<String, Object>> rect = as("office").queryParam("department", DEPT).get("/api/v1/rectifications")
                .then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Object> opened = rect.stream().filter(m -> "SPOT_CHECK".equals(m.get("sourceType"))
                && ((Number) m.get("sourceId")).longValue() == id).findFirst().orElseThrow();
        assertThat(((Number) opened.get("publicationId")).longValue()).isEqualTo(sample.get(0));
        reviewer().get("/api/v1/rectifications").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem(((Number) opened.get("id")).intValue()));
        // with an open 整改 item the problem cannot quietly become OK
        as("office").contentType(ContentType.JSON).body(Map.of("result", "OK", "note", "改为无问题"))
                .put(base + "/items/" + sample.get(0)).then().statusCode(409)
                .body("code", org.hamcrest.Matchers.equalTo("rectification-open"));
        as("office").contentType(ContentType.JSON).body(Map.of("result", "OK", "note", "无问题"))
                .put(base + "/items/" + sample.get(1)).then().statusCode(200);
        // not all recorded: no close, no report
        as("office").contentType(ContentType.JSON).body("{}").post(base + "/close")
                .then().statusCode(409).body("code", org.hamcrest.Matchers.equalTo("items-unrecorded"));
        as("office").get(base + "/report").then().statusCode(409);
        // an item not in the sample
        long notSampled = published.stream().filter(p -> !sample.contains(p)).findFirst().orElseThrow();
        as("office").contentType(ContentType.JSON).body(Map.of("result", "OK", "note", "无问题"))
                .put(base + "/items/" + notSampled).then().statusCode(404);
        for (Long p : sample.subList(2, 5)) {
            as("office").contentType(ContentType.JSON).body(Map.of("result", "OK", "note", "无问题"))
                    .put(base + "/items/" + p).then().statusCode(200);
        }
        as("office").contentType(ContentType.JSON).body(Map.of("summary", "总体良好")).post(base + "/close")
                .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("CLOSED"));

        // nobody edits a closed check
        as("office").contentType(ContentType.JSON).body(Map.of("result", "OK", "note", "改")).put(base + "/items/" + sample.get(0))
                .then().statusCode(409).body("code", org.hamcrest.Matchers.equalTo("spot-check-closed"));
        as("office").contentType(ContentType.JSON).body(Map.of("title", "改标题")).put(base).then().statusCode(409);
        as("office").contentType(ContentType.JSON).body("{}").post(base + "/close").then().statusCode(409);
        try (Connection c = EmbeddedPostgresResource.application();
             PreparedStatement ps = c.prepareStatement("update spot_check_item set note = 'x' where spot_check_id = ?")) {
            ps.setLong(1, id);
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        }

        JsonPath r = as("office").get(base + "/report").then().statusCode(200).extract().jsonPath();
        assertThat(r.getInt("frameSize")).isEqualTo(PUBLISHED);
        assertThat(r.getInt("sampleSize")).isEqualTo(5);
        assertThat(r.getBoolean("verified")).isTrue();
        assertThat(r.getDouble("confidence.upperBound")).isCloseTo(0.6574083180011386, within(1e-6));  // Beta(2,4) 0.95-quantile
        assertThat(r.getString("confidence.text")).isEqualTo("抽查 5 件，发现问题 1 件：有 95% 的把握认为问题率低于 65.8%");
        assertThat(r.getList("byDepartment")).hasSize(1);
        assertThat(r.getInt("byDepartment[0].problems")).isEqualTo(1);
        assertThat(r.getInt("byDepartment[0].ok")).isEqualTo(4);
        assertThat(r.getList("problems")).hasSize(1);
        assertThat(r.getString("problems[0].problemLabel")).isEqualTo("信息发布登记不完整");
        assertThat(r.getString("problems[0].deadline")).isNotNull();

        byte[] xlsx = as("office").queryParam("format", "xlsx").get(base + "/report").then().statusCode(200)
                .contentType(SpotCheckResource.XLSX).extract().asByteArray();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            String all = text(wb);
            assertThat(all).contains("抽查 5 件，发现问题 1 件").contains("信息发布登记不完整").contains(DEPT);
        }
        byte[] pdf = as("office").queryParam("format", "pdf").get(base + "/report").then().statusCode(200)
                .contentType(SpotCheckResource.PDF).extract().asByteArray();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("抽查通报").contains("有 95% 的把握认为问题率低于 65.8%");
        }
        as("office").queryParam("format", "doc").get(base + "/report").then().statusCode(400);
        assertThat(r.getString("problems[0].rectificationStatus")).isEqualTo("整改中");

        // the 整改 is done later: the report shows it (re-check result)
        as("office").contentType(ContentType.JSON).body(Map.of("closing", "KEPT", "justification", "已补全登记，经复核可保留"))
                .post("/api/v1/rectifications/" + opened.get("id") + "/close").then().statusCode(200);
        as("office").get(base + "/report").then().statusCode(200)
                .body("problems[0].rectificationStatus", org.hamcrest.Matchers.equalTo("已整改"))
                .body("problems[0].overdue", org.hamcrest.Matchers.equalTo(false));
    }

    @Test
    void aCleanCheckSaysHowSureItIs() {
        JsonPath a = draw(reviewer(), body());
        long id = a.getLong("id");
        for (Long p : a.getList("sample.publicationId", Long.class)) {
            reviewer().contentType(ContentType.JSON).body(Map.of("result", "OK", "note", "已核对"))
                    .put("/api/v1/spot-checks/" + id + "/items/" + p).then().statusCode(200);
        }
        reviewer().contentType(ContentType.JSON).body("{}").post("/api/v1/spot-checks/" + id + "/close").then().statusCode(200);
        JsonPath r = reviewer().get("/api/v1/spot-checks/" + id + "/report").then().statusCode(200).extract().jsonPath();
        // 8 checked, 0 problems: 1 − 0.05^(1/8) = 0.3123…
        assertThat(r.getDouble("confidence.upperBound")).isCloseTo(0.31234397806636793, within(1e-6));
        assertThat(r.getString("confidence.text")).isEqualTo("抽查 8 件，发现问题 0 件：有 95% 的把握认为问题率低于 31.3%");
        assertThat(r.getList("problems")).isEmpty();
    }

    @Test
    void badInputIsAProblemNotAnError() {
        as("office").contentType(ContentType.JSON).body(Map.of("from", "2026-13-01", "to", TODAY)).post("/api/v1/spot-checks")
                .then().statusCode(400);
        as("office").contentType(ContentType.JSON).body(body("strata", List.of("title"))).post("/api/v1/spot-checks")
                .then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("bad-strata"));
        as("office").contentType(ContentType.JSON).body(body("size", 0)).post("/api/v1/spot-checks").then().statusCode(400);
        as("office").contentType(ContentType.JSON).body(body("confidence", 1.5)).post("/api/v1/spot-checks").then().statusCode(400);
        as("office").contentType(ContentType.JSON).body(body("from", "2001-01-01", "to", "2001-01-02")).post("/api/v1/spot-checks")
                .then().statusCode(409).body("code", org.hamcrest.Matchers.equalTo("empty-frame"));
        as("office").contentType(ContentType.JSON).body(body("size", "many")).post("/api/v1/spot-checks").then().statusCode(400);
        as("office").get("/api/v1/spot-checks/abc").then().statusCode(404);
    }

    @Test
    void strataDrawWithinEachChannelAndDepartment() {
        JsonPath a = draw(as("office"), body("size", 4, "strata", List.of("channel", "department"), "seed", "s"));
        assertThat(a.getList("sample.stratum", String.class)).containsOnly(DEPT + "/WEBSITE");
        assertThat(a.getList("sample")).hasSize(4);
    }

    private static String text(XSSFWorkbook wb) {
        StringBuilder sb = new StringBuilder();
        for (Sheet s : wb) {
            for (Row row : s) {
                for (Cell c : row) {
                    sb.append(c.toString()).append('\t');
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
