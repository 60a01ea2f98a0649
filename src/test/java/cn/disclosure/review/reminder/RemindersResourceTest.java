package cn.disclosure.review.reminder;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static cn.disclosure.review.support.Accounts.anonymous;
import static cn.disclosure.review.support.Accounts.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class RemindersResourceTest {

    @Test
    void everySignedInRoleReadsTheChannelsReminders() {
        for (String user : List.of("cms", "editor", "reviewer", "office", "leader", "admin")) {
            as(user).get("/api/v1/reminders?channel=WEBSITE").then().statusCode(200)
                    .body("channel", equalTo("WEBSITE")).body("label", equalTo("门户网站"))
                    .body("reminders", hasSize(2))
                    .body("reminders[0]", containsString("涉密不上网"))
                    .body("reminders[1]", containsString("门户网站"));
        }
        as("cms").get("/api/v1/reminders?channel=wechat").then().statusCode(200)
                .body("channel", equalTo("WECHAT")).body("reminders[1]", containsString("微信公众号"));
        anonymous().get("/api/v1/reminders?channel=WEBSITE").then().statusCode(401);
    }

    @Test
    void theCheckOnlyChannelsAreNotToldAboutPublishing() {
        for (String channel : List.of("OA", "EMAIL")) {
            as("editor").get("/api/v1/reminders?channel=" + channel).then().statusCode(200)
                    .body("reminders", hasSize(2))
                    .body("reminders[0]", containsString("涉密不上网"))
                    .body("reminders[0]", org.hamcrest.Matchers.not(containsString("发布")));
        }
        as("editor").get("/api/v1/reminders?channel=WEIBO").then().statusCode(200)
                .body("reminders[0]", containsString("发布前须经本单位保密审查"));
    }

    @Test
    void theChannelIsRequiredAndMustBeKnown() {
        as("cms").get("/api/v1/reminders").then().statusCode(400).body("code", equalTo("channel-required"));
        as("cms").get("/api/v1/reminders?channel=FAX").then().statusCode(400).body("code", equalTo("unknown-channel"));
    }
}
