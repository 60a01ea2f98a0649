package cn.disclosure.review.ui;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import static cn.disclosure.review.intake.DraftFixtures.CLEAN;
import static cn.disclosure.review.intake.DraftFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

/** The web UI's channel pickers offer publishing channels only; OA and EMAIL sent by hand are refused in Chinese. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class CheckOnlyChannelsUiTest {

    @Test
    void pickersOfferOnlyPublishingChannels() {
        UiClient editor = UiClient.signIn("editor");
        assertThat(editor.page("/ui/drafts/new").select("#channel option").eachAttr("value"))
                .containsExactly("WEBSITE", "WECHAT", "WEIBO");
        UiClient office = UiClient.signIn("office");
        assertThat(office.page("/ui/register").select("#r-channel option").eachAttr("value"))
                .doesNotContain("OA", "EMAIL").contains("WEBSITE");
        UiClient reviewer = UiClient.signIn("reviewer");
        assertThat(reviewer.page("/ui/queue").select("#f-channel option").eachAttr("value"))
                .doesNotContain("OA", "EMAIL").contains("WEIBO");
        assertThat(reviewer.page("/ui/queue?channel=EMAIL").text()).contains("筛选条件无效");
    }

    @Test
    void aDraftFormSentWithEmailIsRefusedAndNothingIsStored() {
        UiClient editor = UiClient.signIn("editor");
        String token = UiClient.csrf(editor.page("/ui/drafts/new"));
        for (String action : new String[]{"check", "submit"}) {
            Response r = editor.multipart("_csrf", token, "title", unique("邮件稿"), "channel", "EMAIL", "body", CLEAN,
                    "action", action).post("/ui/drafts");
            assertThat(r.statusCode()).as(action).isEqualTo(400);
            Document page = UiClient.parse(r);
            assertThat(page.text()).contains("不是发布渠道");
            Element selected = page.selectFirst("#channel option[selected]");
            assertThat(selected == null ? null : selected.attr("value")).isNotEqualTo("EMAIL");
        }
    }
}
