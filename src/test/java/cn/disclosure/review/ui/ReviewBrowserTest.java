package cn.disclosure.review.ui;

import cn.disclosure.review.intake.DraftFixtures;
import cn.disclosure.review.support.Browser;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review workspace in a real headless Chromium: an editor submits a draft carrying a
 * classification mark (after a pre-check) and a clean one; the department reviewer finds the
 * marked one in the queue, sees the mark highlighted and returns it with an opinion; the editor
 * edits it clean into a new revision; the reviewer and then the secrecy office approve it. An
 * editor cannot open the queue. The editor records the publication and the office finds it in the
 * register. No page breaks the CSP. Screenshots (queue, review page, pre-check, status, register) go
 * to target/screenshots/.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class ReviewBrowserTest {
    static final String MARKED_BODY = """
            各科室：
            为做好年度安全生产检查工作，现将有关事项通知如下。
            一、检查时间：12月1日至12月15日。
            二、检查范围：机关各科室及所属单位。
            三、请各科室对照检查要点逐项自查，自查报告于12月10日前报办公室。
            特此通知。
            附件：安全生产检查要点 机密★5年""";
    static final String CLEAN_BODY = """
            各科室：
            为做好年度安全生产检查工作，现将有关事项通知如下。
            一、检查时间：12月1日至12月15日。
            二、检查范围：机关各科室及所属单位。
            三、请各科室对照检查要点逐项自查，自查报告于12月10日前报办公室。
            特此通知。""";

    @TestHTTPResource("/")
    URL base;

    private String root() {
        return base.toString().replaceAll("/$", "");
    }

    @Test
    void markedDraftIsReturnedRevisedAndApprovedThroughTheChain() throws Exception {
        String marked = DraftFixtures.unique("关于开展年度安全生产检查的通知");
        String clean = DraftFixtures.unique("关于举办职工健身活动的通知");
        try (Browser b = new Browser(root())) {
            // (a) the editor pre-checks, then submits the marked draft, and submits a clean one
            b.signIn("editor", "editor");
            assertThat(b.driver().getCurrentUrl()).endsWith("/ui/drafts");
            b.clickAndWait(By.id("nav-new"));
            fillDraft(b, marked, MARKED_BODY);
            b.clickAndWait(By.id("precheck"));
            assertThat(b.find(By.id("precheck-verdict")).getText()).isEqualTo("禁止发布");
            assertThat(b.driver().findElement(By.cssSelector("#precheck-result mark.finding")).getText()).isEqualTo("机密★5年");
            assertThat(b.driver().findElement(By.id("reminders")).getText()).contains("涉密不上网");
            assertThat(b.driver().findElement(By.id("title")).getAttribute("value")).isEqualTo(marked);
            b.screenshot("draft-precheck");
            b.clickAndWait(By.id("submit"));
            assertThat(b.find(By.id("flash")).getText()).isEqualTo("稿件已提交审查。");
            String markedPath = new java.net.URI(b.driver().getCurrentUrl()).getPath();
            b.clickAndWait(By.id("nav-new"));
            fillDraft(b, clean, DraftFixtures.CLEAN);
            b.clickAndWait(By.id("submit"));
            assertThat(b.find(By.id("state")).getText()).isEqualTo("审查中");
            // (c) an editor cannot open the queue
            b.open("/ui/queue");
            assertThat(b.find(By.id("forbidden")).getText()).isEqualTo("无权访问");
            List<String> console = b.consoleErrors();
            assertThat(console).as("the console is read: the refusal shows there").anyMatch(m -> m.contains("403"));
            assertThat(console).noneMatch(m -> m.contains("Content Security Policy"));
            b.open("/ui/drafts");
            b.signOut();

            // (b) the department reviewer finds it in the queue, sees the mark and returns it
            b.signIn("reviewer", "reviewer");
            assertThat(b.driver().getCurrentUrl()).endsWith("/ui/queue");
            WebElement row = queueRow(b, marked);
            assertThat(row.findElement(By.cssSelector(".badge-BLOCK")).getText()).isEqualTo("禁止发布");
            assertThat(queueRow(b, clean).getText()).contains("门户网站");
            b.screenshot("queue");
            new Select(b.driver().findElement(By.id("f-verdict"))).selectByValue("BLOCK");
            b.clickAndWait(By.id("filter-submit"));
            assertThat(titles(b)).contains(marked).doesNotContain(clean);
            b.clickAndWait(By.linkText(marked));
            assertThat(b.driver().getCurrentUrl()).contains("/ui/reviews/");
            WebElement mark = b.find(By.cssSelector("mark.finding.sev-BLOCK"));
            assertThat(mark.getText()).isEqualTo("机密★5年");
            assertThat(b.driver().findElements(By.id("approve"))).isEmpty();
            assertThat(b.driver().findElement(By.id("block-note")).getText()).contains("不能审查同意");
            assertThat(b.driver().findElement(By.id("findings")).getText()).contains("密级标志");
            ((JavascriptExecutor) b.driver()).executeScript("arguments[0].scrollIntoView({block: 'nearest'});", mark);
            Path shot = b.screenshot("review-page");
            assertThat(Files.size(shot)).isPositive();
            b.clickAndWait(By.id("return"));
            assertThat(b.find(By.id("error")).getText()).isEqualTo("“退回修改”须填写审查意见");
            b.driver().findElement(By.id("opinion")).sendKeys("附件为涉密文件，不得随通知公开，请删除后重新提交。");
            b.clickAndWait(By.id("return"));
            assertThat(b.find(By.id("flash")).getText()).contains("已退回修改");
            assertThat(b.driver().findElement(By.id("state")).getText()).isEqualTo("退回修改");
            b.signOut();

            // the editor sees the opinion and edits the draft clean: a new revision, sent for review
            b.signIn("editor", "editor");
            b.clickAndWait(By.linkText(marked));
            assertThat(b.driver().getCurrentUrl()).endsWith(markedPath);
            assertThat(b.driver().findElement(By.id("state")).getText()).isEqualTo("退回修改");
            assertThat(b.driver().findElement(By.id("chain")).getText()).contains("附件为涉密文件，不得随通知公开");
            b.screenshot("draft-status");
            WebElement body = b.driver().findElement(By.id("body"));
            body.clear();
            body.sendKeys(CLEAN_BODY);
            b.clickAndWait(By.id("revise-submit"));
            assertThat(b.find(By.id("flash")).getText()).contains("新版本");
            assertThat(b.driver().findElement(By.id("state")).getText()).isEqualTo("审查中");
            b.signOut();

            // the reviewer sees what changed and approves; then the secrecy office approves
            b.signIn("reviewer", "reviewer");
            b.clickAndWait(By.linkText(marked));
            assertThat(b.driver().findElements(By.cssSelector("#diff del")).stream().map(WebElement::getText).toList())
                    .anyMatch(deleted -> deleted.contains("机密★5年"));
            assertThat(b.driver().findElement(By.id("earlier-decisions")).getText()).contains("退回修改");
            assertThat(b.driver().findElements(By.cssSelector("mark.finding.sev-BLOCK"))).isEmpty();
            approve(b);
            assertThat(b.find(By.id("flash")).getText()).isEqualTo("已审查同意。");
            b.signOut();

            b.signIn("office", "office");
            assertThat(b.driver().getCurrentUrl()).endsWith("/ui/queue");
            b.clickAndWait(By.linkText(marked));
            approve(b);
            assertThat(b.find(By.id("flash")).getText()).isEqualTo("已审查同意。");
            List<WebElement> steps = b.driver().findElements(By.cssSelector("#chain tbody tr"));
            assertThat(steps.get(0).getText()).contains("reviewer").contains("同意");
            assertThat(steps.get(1).getText()).contains("office").contains("同意");
            boolean leaderToo = steps.size() == 3; // an engine that still finds something to confirm adds 分管领导
            b.signOut();
            if (leaderToo) {
                b.signIn("leader", "leader");
                b.clickAndWait(By.linkText(marked));
                approve(b);
                b.signOut();
            }

            // the editor records the publication; the secrecy office finds it in the register
            b.signIn("editor", "editor");
            b.clickAndWait(By.linkText(marked));
            assertThat(b.driver().findElement(By.id("state")).getText()).isEqualTo("审查通过");
            assertThat(b.driver().findElement(By.id("publish-form")).getText()).contains("涉密不上网");
            b.driver().findElement(By.id("url")).sendKeys("https://www.example.gov.cn/tzgg/anquan.html");
            b.clickAndWait(By.id("publish"));
            assertThat(b.find(By.id("flash")).getText()).isEqualTo("已登记发布。");
            assertThat(b.driver().findElement(By.id("publications")).getText()).contains("https://www.example.gov.cn/tzgg/anquan.html");
            b.signOut();

            b.signIn("office", "office");
            b.clickAndWait(By.id("nav-register"));
            new Select(b.driver().findElement(By.id("r-channel"))).selectByValue("WEBSITE");
            b.clickAndWait(By.id("register-filter"));
            WebElement registered = b.driver().findElements(By.cssSelector("#register tbody tr")).stream()
                    .filter(r -> r.getText().contains(marked)).findFirst()
                    .orElseThrow(() -> new AssertionError("not in the register: " + marked));
            assertThat(registered.getText()).contains("reviewer").contains("office").contains("门户网站");
            assertThat(b.driver().findElement(By.id("export-xlsx")).getAttribute("href")).contains("format=xlsx").contains("channel=WEBSITE");
            b.screenshot("register");
            b.signOut();

            // no page broke the Content-Security-Policy (no inline script or style anywhere)
            assertThat(b.consoleErrors()).noneMatch(m -> m.contains("Content Security Policy"));
        }
    }

    private static void fillDraft(Browser b, String title, String body) {
        b.driver().findElement(By.id("title")).sendKeys(title);
        new Select(b.driver().findElement(By.id("channel"))).selectByValue("WEBSITE");
        b.driver().findElement(By.id("body")).sendKeys(body);
    }

    /** 同意, with a written justification when the page asks for one (a WARN verdict). */
    private static void approve(Browser b) {
        b.driver().findElement(By.id("opinion")).sendKeys("同意发布。");
        List<WebElement> justification = b.driver().findElements(By.id("justification"));
        if (!justification.isEmpty()) {
            justification.get(0).sendKeys("已逐项核对，提示的内容可以公开。");
        }
        b.clickAndWait(By.id("approve"));
    }

    private static WebElement queueRow(Browser b, String title) {
        return b.driver().findElements(By.cssSelector("#queue tbody tr")).stream()
                .filter(r -> r.findElement(By.cssSelector("a.queue-title")).getText().equals(title))
                .findFirst().orElseThrow(() -> new AssertionError("not in the queue: " + title));
    }

    private static List<String> titles(Browser b) {
        return b.driver().findElements(By.cssSelector("#queue a.queue-title")).stream().map(WebElement::getText).toList();
    }
}
