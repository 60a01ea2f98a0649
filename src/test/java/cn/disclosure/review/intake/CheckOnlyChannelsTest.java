package cn.disclosure.review.intake;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.disclosure.review.support.Accounts.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/**
 * OA (互联网办公自动化系统) and EMAIL (政务邮箱) are check-and-reminder channels: a check gives a
 * verdict and their 保密提醒, but every place that drafts, approves, publishes or registers refuses
 * them with 400 {@code not-a-publishing-channel}, and nothing is stored for them.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class CheckOnlyChannelsTest {

    @Test
    void aCheckOnOaOrEmailGivesAVerdictAndTheChannelsReminder() {
        as("editor").contentType(ContentType.JSON).body(Map.of("channel", "oa", "text", DraftFixtures.MARKED))
                .post("/api/v1/check").then().statusCode(200)
                .body("verdict", equalTo("BLOCK"))
                .body("reminders", hasSize(2))
                .body("reminders[0]", containsString("涉密不上网"))
                .body("reminders[1]", containsString("互联网办公自动化系统"));
        as("cms").contentType(ContentType.JSON).body(Map.of("channel", "EMAIL", "text", DraftFixtures.CLEAN))
                .post("/api/v1/check").then().statusCode(200)
                .body("verdict", equalTo("PASS"))
                .body("reminders[1]", containsString("电子邮箱"));
    }

    @Test
    void everySignedInRoleAndTheMailGateReadTheirReminders() {
        for (String user : List.of("editor", "office", "admin", "cms", "mailgate")) {
            as(user).get("/api/v1/reminders?channel=EMAIL").then().statusCode(200)
                    .body("channel", equalTo("EMAIL")).body("label", equalTo("政务邮箱"))
                    .body("reminders[1]", containsString("涉密信息不得通过政务邮箱或其他互联网电子邮箱存储、处理、传输"));
        }
        as("editor").get("/api/v1/reminders?channel=oa").then().statusCode(200)
                .body("label", equalTo("互联网办公自动化系统"))
                .body("reminders[1]", containsString("涉密信息不得通过互联网办公自动化系统存储、处理、传输"));
    }

    @Test
    void draftsRefuseThemWhenCreatedAndWhenRevised() {
        for (String channel : List.of("OA", "email")) {
            Map<String, Object> d = DraftFixtures.draft(DraftFixtures.unique("通知"), DraftFixtures.CLEAN);
            d.put("channel", channel);
            notPublishing(DraftFixtures.submit(as("editor"), d));
        }
        long id = DraftFixtures.submitClean(DraftFixtures.CLEAN).getLong("id");
        Map<String, Object> revision = DraftFixtures.draft(DraftFixtures.unique("通知"), DraftFixtures.CLEAN);
        revision.put("channel", "EMAIL");
        notPublishing(as("editor").contentType(ContentType.JSON).body(revision).put("/api/v1/drafts/" + id).then());
        as("editor").get("/api/v1/drafts/" + id).then().statusCode(200).body("channel", equalTo("WEBSITE"));
    }

    @Test
    void publicationTheCmsGateTheRegisterTheQueueAndWebhooksRefuseThem() {
        long approved = DraftFixtures.approvedClean(DraftFixtures.CLEAN).getLong("id");
        notPublishing(as("editor").contentType(ContentType.JSON).body(Map.of("channel", "EMAIL", "url", "https://www.example.gov.cn/a"))
                .post("/api/v1/drafts/" + approved + "/publications").then());
        Map<String, Object> gate = new LinkedHashMap<>();
        gate.put("channel", "OA");
        gate.put("content", "<p>" + DraftFixtures.CLEAN + "</p>");
        notPublishing(as("cms").contentType(ContentType.JSON).body(gate).post("/api/v1/publish-gate").then());
        notPublishing(as("office").get("/api/v1/register?channel=OA").then());
        notPublishing(as("office").get("/api/v1/drafts?channel=EMAIL").then());
        notPublishing(as("office").get("/api/v1/reviews/queue?channel=EMAIL").then());
        notPublishing(as("cms").contentType(ContentType.JSON).body(Map.of("channel", "EMAIL", "url", "https://cms.example.gov.cn/hook"))
                .post("/api/v1/webhooks").then());
        // the refused publication left nothing: the approval still publishes once on its own channel
        as("editor").contentType(ContentType.JSON).body(Map.of("url", "https://www.example.gov.cn/a"))
                .post("/api/v1/drafts/" + approved + "/publications").then().statusCode(201);
    }

    @Test
    void theMailGateAccountCanOnlyCheckAndReadReminders() {
        as("mailgate").contentType(ContentType.JSON).body(DraftFixtures.draft("通知", DraftFixtures.CLEAN))
                .post("/api/v1/drafts").then().statusCode(403);
        as("mailgate").get("/api/v1/register").then().statusCode(403);
        as("mailgate").get("/api/v1/me").then().statusCode(403);
        as("mailgate").contentType(ContentType.JSON).body(Map.of("channel", "EMAIL", "text", DraftFixtures.CLEAN))
                .post("/api/v1/check").then().statusCode(200);
    }

    private static void notPublishing(ValidatableResponse r) {
        r.statusCode(400).contentType(containsString("application/problem+json"))
                .body("code", equalTo("not-a-publishing-channel"))
                .body("detail", containsString("不是发布渠道"))
                .body("allowedChannels", hasItem("WEBSITE"))
                .body("allowedChannels", not(hasItem("EMAIL")));
    }
}
