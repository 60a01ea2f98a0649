package cn.disclosure.review.web;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static cn.disclosure.review.support.Accounts.anonymous;
import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The service as deployed without exceptions: no webhook allow list for loopback (so loopback, link-local and
 * private callbacks are refused at registration), and a free-space threshold no disk meets (so
 * readiness is DOWN while liveness stays UP).
 */
@QuarkusTest
@TestProfile(StrictDeploymentTest.Strict.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class StrictDeploymentTest {

    public static class Strict implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // an allow list naming only a host no test uses: loopback is no longer let through
            return Map.of("review.webhook.allow", "cms.allowed.invalid", "%test.review.webhook.allow", "cms.allowed.invalid",
                    "review.health.disk.min-free-percent", "100.1");
        }
    }

    @Test
    void withoutAnAllowListCallbacksToLoopbackAndInternalAddressesAreRefused() {
        for (String url : List.of("http://127.0.0.1:9/hook", "http://localhost:9000/hook", "http://[::1]/hook",
                "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/hook", "http://192.168.1.1/hook",
                "http://100.64.0.1/hook", "http://[fd00::1]/hook", "http://[::ffff:127.0.0.1]/hook", "http://0.0.0.0/hook",
                "http://224.0.0.1/hook", "http://[64:ff9b::a9fe:a9fe]/hook")) {
            String answer = as("cms").contentType("application/json").body(Map.of("channel", "WEBSITE", "url", url))
                    .post("/api/v1/webhooks").then().statusCode(422).contentType("application/problem+json")
                    .body("code", equalTo("webhook-address-refused")).extract().asString();
            assertThat(answer).as(url).contains("不能登记");
        }
    }

    @Test
    void aFullDataVolumeTakesReadinessDownButNotLiveness() {
        String ready = anonymous().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .extract().asString();
        assertThat(ready).contains("data-volume-free-space").contains("空间不足");
        assertThat(ready).as("no file system paths in a public answer").doesNotContain("/tmp").doesNotContain("/work");
        anonymous().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
