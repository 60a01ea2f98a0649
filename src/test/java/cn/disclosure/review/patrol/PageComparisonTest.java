package cn.disclosure.review.patrol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PageComparisonTest {
    static final String APPROVED = """
            各科室：
            为做好年度安全生产检查工作，现将有关事项通知如下。
            一、检查时间：12月1日至12月15日。
            二、检查范围：机关各科室及所属单位。
            特此通知。""";

    static String page(String article) {
        return "首页\n政务公开\n通知公告\n" + article + "\n相关链接\n版权所有 某某局\n";
    }

    @Test
    void siteChromeAroundTheArticleIsNoChange() {
        assertThat(PageComparison.compare(APPROVED, page(APPROVED)).matches()).isTrue();
    }

    @Test
    void reflowWhiteSpaceAndWidthAreNoChange() {
        String reflowed = "各科室：为做好年度安全生产检查工作，\n现将有关事项通知如下。\n一、检查时间：１２月１日至１２月１５日。　二、检查范围：机关各科室及所属单位。\n特此通知。";
        assertThat(PageComparison.compare(APPROVED, page(reflowed)).matches()).isTrue();
    }

    @Test
    void anEditInsideTheArticleIsAChangeWithAParagraphDiff() {
        String edited = APPROVED.replace("12月15日", "12月20日") + "\n三、联系人：办公室。";
        PageComparison.Result r = PageComparison.compare(APPROVED, page(edited));
        assertThat(r.matches()).isFalse();
        assertThat(r.diff()).extracting(PageComparison.DiffLine::op, PageComparison.DiffLine::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple("-", "一、检查时间:12月1日至12月15日。"),
                org.assertj.core.groups.Tuple.tuple("+", "一、检查时间:12月1日至12月20日。"));
    }

    @Test
    void textAfterAnUnchangedArticleIsSiteChrome() {
        // the rule (docs/security/patrol.md): outside the approved run the page is the site's; a
        // paragraph appended after an unchanged article cannot be told from a footer and is left to
        // the inspection of the whole page (NEW_FINDING)
        assertThat(PageComparison.compare(APPROVED, page(APPROVED + "\n三、联系人：办公室。")).matches()).isTrue();
    }

    @Test
    void anEditedFirstParagraphIsShownToo() {
        String edited = APPROVED.replace("各科室：", "各科室、各单位：");
        PageComparison.Result r = PageComparison.compare(APPROVED, page(edited));
        assertThat(r.matches()).isFalse();
        assertThat(r.diff()).extracting(PageComparison.DiffLine::text).containsExactly("各科室:", "各科室、各单位:");
    }

    @Test
    void aParagraphInsertedBetweenApprovedOnesIsAChange() {
        String edited = APPROVED.replace("特此通知。", "（内部）附件另发。\n特此通知。");
        PageComparison.Result r = PageComparison.compare(APPROVED, page(edited));
        assertThat(r.matches()).isFalse();
        assertThat(r.diff()).extracting(PageComparison.DiffLine::op).containsExactly("+");
    }

    @Test
    void aPageWithoutTheArticleShowsTheApprovedTextAsMissing() {
        PageComparison.Result r = PageComparison.compare(APPROVED, "首页\n页面不存在\n");
        assertThat(r.matches()).isFalse();
        assertThat(r.diff()).filteredOn(d -> d.op().equals("-")).hasSize(5);
    }

    @Test
    void aWithdrawnTextIsStillOnlineWhenOneOfItsParagraphsIs() {
        assertThat(PageComparison.stillOnline(APPROVED, page(APPROVED))).isTrue();
        assertThat(PageComparison.stillOnline(APPROVED, page("二、检查范围：机关各科室及所属单位。"))).isTrue();
        assertThat(PageComparison.stillOnline(APPROVED, page("该信息已撤销。"))).isFalse();
        assertThat(PageComparison.stillOnline(APPROVED, "")).isFalse();
    }
}
