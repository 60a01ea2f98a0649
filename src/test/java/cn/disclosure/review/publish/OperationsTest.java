package cn.disclosure.review.publish;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import static cn.disclosure.review.intake.DraftFixtures.CLEAN;
import static cn.disclosure.review.intake.DraftFixtures.approvedClean;
import static cn.disclosure.review.intake.DraftFixtures.gate;
import static cn.disclosure.review.intake.DraftFixtures.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** Readiness follows the database, metrics count decisions and publications, the API is documented in Chinese. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class OperationsTest {

    @Test
    void readinessIsUpWithTheDatabaseCheck() {
        RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database connections health check")));
    }

    @Test
    void decisionsPublicationsAndGateAnswersAreCounted() {
        String body = unique(CLEAN);
        JsonPath approved = approvedClean(body);
        gate("WEBSITE", body, approved.getLong("id")).body("allowed", equalTo(true));
        gate("WEBSITE", body, approved.getLong("id")).body("allowed", equalTo(false));
        // metrics are not public (docs/security/web.md): Prometheus signs in with ADMIN or MONITORING
        String metrics = cn.disclosure.review.support.Accounts.as("admin").get("/q/metrics").then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(metrics)
                .contains("review_decisions_total{decision=\"APPROVE\",role=\"DEPT_REVIEWER\"")
                .contains("review_publications_total{channel=\"WEBSITE\",via=\"GATE\"")
                .contains("review_publish_gate_total{channel=\"WEBSITE\",outcome=\"refused\"");
    }

    @Test
    void theOpenApiDocumentDescribesTheLifecycleInChinese() {
        JsonPath doc = RestAssured.given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        org.assertj.core.api.Assertions.assertThat(doc.getString("paths.'/api/v1/publish-gate'.post.summary")).contains("发布闸口");
        org.assertj.core.api.Assertions.assertThat(doc.getString("paths.'/api/v1/drafts/{id}/decisions'.post.summary")).contains("审查决定");
        org.assertj.core.api.Assertions.assertThat(doc.getList("tags.name", String.class)).contains("稿件", "审查", "发布", "发布登记");
        RestAssured.given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
