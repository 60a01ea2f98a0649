package cn.disclosure.review.web;

import cn.disclosure.review.identity.TestTokens;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static cn.disclosure.review.support.Accounts.anonymous;
import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Metrics behind a role, health in the open, and a real database outage answered with 503 and recovered from. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class WebHardeningTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void metricsNeedAdminOrMonitoringWhileHealthStaysPublic() {
        anonymous().get("/q/metrics").then().statusCode(401);
        for (String user : List.of("editor", "cms", "reviewer", "office", "leader")) {
            as(user).get("/q/metrics").then().statusCode(403);
        }
        as("admin").get("/q/metrics").then().statusCode(200).body(containsString("# TYPE"));
        TestTokens.as("prometheus", null, "MONITORING").get("/q/metrics").then().statusCode(200).body(containsString("# TYPE"));
        TestTokens.as("prometheus", null, "MONITORING").get("/api/v1/drafts").then().statusCode(403);
        anonymous().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("data-volume-free-space"));
        anonymous().get("/q/health/live").then().statusCode(200);
        anonymous().get("/q/health").then().statusCode(200);
    }

    @Test
    void aDatabaseOutageAnswers503WithRetryAfterLogsOneLineAndRecovers() throws Exception {
        as("editor").get("/api/v1/drafts").then().statusCode(200);
        List<LogRecord> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    lines.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger outageLog = Logger.getLogger(DatabaseOutage.class.getName());
        outageLog.addHandler(capture);
        DatabaseOutage.forgetIncident();
        EmbeddedPostgresResource.stopDatabase();
        try {
            for (int i = 0; i < 5; i++) {
                assertUnavailable(as("editor").get("/api/v1/drafts"), "list drafts");
                assertUnavailable(as("office").get("/api/v1/register"), "register");
                assertUnavailable(as("cms").contentType(ContentType.JSON)
                        .body(Map.of("channel", "WEBSITE", "content", "内容")).post("/api/v1/publish-gate"), "gate");
                // signing in looks the account up: an unknown account is not told 401 while nobody can be checked
                assertUnavailable(anonymous().auth().preemptive().basic("nobody-" + i, "pw").get("/api/v1/drafts"), "sign-in");
            }
            anonymous().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
            assertThat(lines).as("one line for the whole incident").hasSize(1);
            String line = lines.get(0).getMessage() + " " + java.util.Arrays.toString(lines.get(0).getParameters());
            assertThat(line).doesNotContain("select").doesNotContain("password");
            assertThat(lines.get(0).getThrown()).as("no stack trace").isNull();
        } finally {
            outageLog.removeHandler(capture);
            EmbeddedPostgresResource.restartDatabase();
        }
        // back: the pool replaces the connections it lost
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (as("editor").get("/api/v1/drafts").statusCode() != 200) {
            if (Instant.now().isAfter(deadline)) {
                fail("the service did not recover after the database came back");
            }
            Thread.sleep(200);
        }
        // idle connections opened before the outage are gone for good: close them now, not on their next use by another test
        dataSource.flush(AgroalDataSource.FlushMode.GRACEFUL);
        anonymous().get("/q/health/ready").then().statusCode(200);
        as("editor").get("/api/v1/drafts").then().statusCode(200);
    }

    private static void assertUnavailable(Response r, String what) {
        assertThat(r.statusCode()).as(what + " → " + r.asString()).isEqualTo(503);
        assertThat(r.contentType()).as(what).startsWith("application/problem+json");
        assertThat(r.header("Retry-After")).as(what).isEqualTo("30");
        assertThat(r.jsonPath().getString("code")).as(what).isEqualTo("database-unavailable");
        assertThat(r.asString()).as(what).doesNotContain("Exception").doesNotContain("jdbc");
    }
}
