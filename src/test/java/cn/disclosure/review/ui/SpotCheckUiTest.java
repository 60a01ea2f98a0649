package cn.disclosure.review.ui;

import cn.disclosure.review.intake.DraftFixtures;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.security.Authenticated;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The 抽查 pages: draw, record, close and read the 通报 through the forms, with CSRF and roles. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SpotCheckUiTest {
    static final String TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();

    @Test
    void theOfficeDrawsRecordsClosesAndReadsTheReport() {
        JsonPath d = DraftFixtures.approvedClean(DraftFixtures.CLEAN + DraftFixtures.unique("页面抽查"));
        as("editor").contentType(ContentType.JSON).body(Map.of("channel", "WEBSITE", "url", "https://www.example.gov.cn/ui-check.html"))
                .post("/api/v1/drafts/" + d.getLong("id") + "/publications").then().statusCode(201);

        UiClient office = UiClient.signIn("office");
        Document list = office.page("/ui/spot-checks");
        String token = UiClient.csrf(list);
        assertThat(list.select("#draw-form")).hasSize(1);
        office.request().contentType(ContentType.URLENC).formParam("from", TODAY).formParam("to", TODAY)
                .formParam("department", "办公室").formParam("size", "1").post("/ui/spot-checks")
                .then().statusCode(403).body("code", equalTo("csrf-token-invalid"));
        Response drawn = office.request().contentType(ContentType.URLENC).formParam("_csrf", token).formParam("from", TODAY)
                .formParam("to", TODAY).formParam("department", "办公室").formParam("size", "1").formParam("seed", "页面种子")
                .post("/ui/spot-checks");
        assertThat(drawn.statusCode()).isEqualTo(303);
        String location = drawn.header("Location");
        assertThat(location).contains("/ui/spot-checks/");
        long id = Long.parseLong(location.replaceAll(".*/ui/spot-checks/(\\d+).*", "$1"));

        Document page = office.page("/ui/spot-checks/" + id);
        assertThat(page.select("#seed").text()).isEqualTo("页面种子");
        assertThat(page.select("#verification").text()).startsWith("复核通过");
        assertThat(page.select(".spot-item")).hasSize(1);
        String item = page.selectFirst(".record-form").attr("action");
        office.request().contentType(ContentType.URLENC).formParam("_csrf", token).formParam("result", "OK")
                .formParam("note", "已核对").post(item).then().statusCode(303);
        office.request().contentType(ContentType.URLENC).formParam("_csrf", token).formParam("summary", "良好")
                .post("/ui/spot-checks/" + id + "/close").then().statusCode(303);
        Document report = office.page("/ui/spot-checks/" + id + "/report");
        assertThat(report.select("#confidence").text()).isEqualTo("抽查 1 件，发现问题 0 件：有 95% 的把握认为问题率低于 95%");
        assertThat(report.select("#report-xlsx").attr("href")).isEqualTo("/api/v1/spot-checks/" + id + "/report?format=xlsx");
        // closed: no forms any more, and a forged post is refused
        assertThat(office.page("/ui/spot-checks/" + id).select(".record-form")).isEmpty();
        office.request().contentType(ContentType.URLENC).formParam("_csrf", token).formParam("result", "OK")
                .formParam("note", "再改").post(item).then().statusCode(409).body(containsString("已结束"));
        // a bad draw answers with the page and a Chinese message
        office.request().contentType(ContentType.URLENC).formParam("_csrf", token).formParam("from", "2001-01-01")
                .formParam("to", "2001-01-02").post("/ui/spot-checks").then().statusCode(409).body(containsString("没有发布记录"));
    }

    @Test
    void aReviewerAnswersTheSelfInspectionAndTheOfficeSeesTheRollUp() {
        int year = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
        UiClient reviewer = UiClient.signIn("reviewer");
        Document sheet = reviewer.page("/ui/self-inspection?year=" + year);
        assertThat(sheet.select("#checklist tr[data-item]")).hasSize(9);
        String token = UiClient.csrf(sheet);
        reviewer.request().contentType(ContentType.URLENC).formParam("year", String.valueOf(year))
                .formParam("department", "办公室").formParam("answer_SYSTEM", "YES").post("/ui/self-inspection")
                .then().statusCode(403).body("code", equalTo("csrf-token-invalid"));
        Response saved = reviewer.request().contentType(ContentType.URLENC).formParam("_csrf", token)
                .formParam("year", String.valueOf(year)).formParam("department", "办公室")
                .formParam("answer_SYSTEM", "YES").formParam("evidence_SYSTEM", "制度文件").post("/ui/self-inspection");
        assertThat(saved.statusCode()).isEqualTo(303);
        Document after = reviewer.page("/ui/self-inspection?year=" + year + "&done=saved");
        assertThat(after.select("tr[data-item=SYSTEM]").text()).contains("是").contains("制度文件");
        // another department's sheet is refused
        reviewer.request().contentType(ContentType.URLENC).formParam("_csrf", token).formParam("year", String.valueOf(year))
                .formParam("department", "别的科室").formParam("answer_SYSTEM", "NO").post("/ui/self-inspection")
                .then().statusCode(403);
        Document roll = UiClient.signIn("office").page("/ui/self-inspection?year=" + year);
        assertThat(roll.select("#roll-up").text()).contains("办公室");
    }

    @Test
    void pagesOpenOnlyForTheirRoles() {
        for (String who : new String[]{"office", "reviewer", "leader", "admin"}) {
            UiClient c = UiClient.signIn(who);
            assertThat(c.get("/ui/spot-checks").statusCode()).as(who).isEqualTo(200);
            assertThat(c.get("/ui/self-inspection").statusCode()).as(who).isEqualTo(200);
        }
        assertThat(UiClient.signIn("editor").get("/ui/spot-checks").statusCode()).isEqualTo(403);
        assertThat(UiClient.signIn("editor").get("/ui/self-inspection").statusCode()).isEqualTo(403);
        List<Method> methods = new java.util.ArrayList<>(List.of(SpotCheckPages.class.getDeclaredMethods()));
        methods.addAll(List.of(SelfInspectionPages.class.getDeclaredMethods()));
        for (Method m : methods) {
            if (m.isAnnotationPresent(GET.class) || m.isAnnotationPresent(POST.class)) {
                assertThat(m.isAnnotationPresent(RolesAllowed.class) || m.isAnnotationPresent(PermitAll.class)
                        || m.isAnnotationPresent(Authenticated.class)).as(m + " has a security annotation").isTrue();
                assertThat(m.getAnnotation(Operation.class).hidden()).as(m + " hidden from the API docs").isTrue();
            }
        }
    }
}
