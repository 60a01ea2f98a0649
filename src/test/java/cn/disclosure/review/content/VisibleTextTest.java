package cn.disclosure.review.content;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a CMS does to text must not matter; what changes the text must. */
class VisibleTextTest {
    static final String APPROVED = "各科室：\n\n  为丰富职工业余文化生活，定于下月举办健身活动。\n请于周五前报送名单。";

    @Test
    void markupEntitiesAndWhitespaceACmsIntroducesDoNotMatter() {
        String hash = VisibleText.hash(APPROVED);
        assertThat(VisibleText.hash("<p>各科室：</p><p style=\"text-indent:2em\">为丰富职工业余文化生活，定于下月举办健身活动。</p><p>请于周五前报送名单。</p>"))
                .isEqualTo(hash);
        assertThat(VisibleText.hash("各科室：<br>为丰富职工业余文化生活，定于下月举办健身活动。<br/>请于周五前报送名单。")).isEqualTo(hash);
        assertThat(VisibleText.hash("<div><span>各科室&#65306;</span>&nbsp;&nbsp;为丰富职工业余文化生活，定于下月举办<strong>健身</strong>活动。"
                + "<!-- cms:block -->\r\n　　请于周五前报送名单。&#x200B;</div><script>track()</script><style>p{}</style>")).isEqualTo(hash);
        assertThat(VisibleText.normalize("A &amp; B")).isEqualTo("A&B");
    }

    @Test
    void changesToTheTextOrToItsMediaMatter() {
        String hash = VisibleText.hash(APPROVED);
        assertThat(VisibleText.hash(APPROVED.replace("周五", "周四"))).isNotEqualTo(hash);
        assertThat(VisibleText.hash(APPROVED.replace("。", "，"))).isNotEqualTo(hash);
        assertThat(VisibleText.hash("<p>" + APPROVED + "</p><img src=\"scan.jpg\">")).isNotEqualTo(hash);
        // moving an image to another host is not a change; adding one is
        assertThat(VisibleText.hash("<p>x</p><img src=\"a.png\">")).isEqualTo(VisibleText.hash("<p>x</p><img src=\"https://cdn/a.png\" alt=\"\">"));
    }

    @Test
    void plainTextIsTakenAsItIs() {
        assertThat(VisibleText.normalize("a < b and c > d")).isEqualTo("a<bandc>d");
        assertThat(VisibleText.normalize(null)).isEmpty();
    }

    @Test
    void titleFollowedByBodyIsAlsoRecognised() {
        assertThat(VisibleText.hash("<h1>通知</h1>" + APPROVED)).isEqualTo(VisibleText.hash("通知", APPROVED));
    }
}
