package cn.disclosure.review.cms;

import cn.disclosure.review.support.Browser;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import cn.disclosure.review.support.WordPressSite;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

import static cn.disclosure.review.cms.WordPressFixtures.Approved;
import static cn.disclosure.review.cms.WordPressFixtures.approved;
import static cn.disclosure.review.cms.WordPressFixtures.edited;
import static cn.disclosure.review.cms.WordPressFixtures.publicPage;
import static cn.disclosure.review.cms.WordPressFixtures.publicationOf;
import static cn.disclosure.review.cms.WordPressFixtures.registerRow;
import static cn.disclosure.review.cms.WordPressFixtures.site;
import static cn.disclosure.review.cms.WordPressFixtures.submitted;
import static cn.disclosure.review.intake.DraftFixtures.CLEAN;
import static cn.disclosure.review.intake.DraftFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin in WordPress's own editors, in headless Chromium: the block editor (posts) and the
 * classic editor (pages, see the test site's must-use plugin). The browser resolves no host name,
 * so it talks to 127.0.0.1 only.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WordPressEditorsE2ETest {
    private static final Duration SLOW = Duration.ofSeconds(240);

    /** Runs a walk in a signed-in browser; on failure keeps a screenshot and the page under target/screenshots/. */
    private static void walk(String name, java.util.function.Consumer<Browser> steps) {
        try (Browser b = browser(site())) {
            try {
                steps.accept(b);
            } catch (RuntimeException | AssertionError e) {
                try {
                    b.screenshot("wordpress-" + name);
                    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "screenshots", "wordpress-" + name + ".html"),
                            b.driver().getPageSource());
                } catch (RuntimeException | java.io.IOException ignored) {
                    // the failure itself matters
                }
                throw e;
            }
        }
    }

    private static Browser browser(WordPressSite wp) {
        Browser b = new Browser(wp.url(), "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1");
        b.open("/wp-login.php");
        b.find(By.id("user_login")).sendKeys(wp.editorUser());
        b.find(By.id("user_pass")).sendKeys(wp.editorPassword());
        submitAndWait(b, "#wp-submit");
        return b;
    }

    /** Clicks a button that submits the page's form and waits (generously: the machine may be busy) for the next page. */
    private static void submitAndWait(Browser b, String button) {
        String mark = java.util.UUID.randomUUID().toString();
        js(b.driver(), "window.__srgMark = arguments[0];", mark);
        // WordPress ignores the click while an autosave (e.g. after typing the title) is running
        new WebDriverWait(b.driver(), SLOW).ignoring(WebDriverException.class).until(x -> Boolean.TRUE.equals(js(x,
                "var e = document.querySelector(arguments[0]);"
                        + "return !!e && !e.classList.contains('disabled') && !(window.jQuery && jQuery.active > 0);",
                button)));
        b.find(By.cssSelector(button)).click();
        new WebDriverWait(b.driver(), SLOW).ignoring(WebDriverException.class).until(x -> Boolean.TRUE.equals(js(x,
                "return document.readyState === 'complete' && window.__srgMark !== arguments[0];", mark)));
    }

    private static Object js(WebDriver d, String script, Object... args) {
        return ((JavascriptExecutor) d).executeScript(script, args);
    }

    /** Opens the block editor for a new post and waits until it is ready. */
    private static long newBlockEditorPost(Browser b) {
        b.open("/wp-admin/post-new.php");
        WebDriver d = b.driver();
        new WebDriverWait(d, SLOW).ignoring(WebDriverException.class).until(x -> Boolean.TRUE.equals(js(x,
                "return !!(window.wp && wp.data && wp.data.select('core/editor').getCurrentPostId()"
                        + " && document.querySelector('.editor-post-title__input'));")));
        js(d, "wp.data.dispatch('core/editor').disablePublishSidebar();"
                + "wp.data.dispatch('core/edit-post').openGeneralSidebar('edit-post/document');");
        return ((Number) js(d, "return wp.data.select('core/editor').getCurrentPostId();")).longValue();
    }

    private static void typeTitleAndText(Browser b, String title, String text) {
        WebElement titleField = b.find(By.cssSelector(".editor-post-title__input"));
        titleField.click();
        titleField.sendKeys(title);
        js(b.driver(), "wp.data.dispatch('core/block-editor').insertBlocks(wp.blocks.createBlock('core/paragraph', {content: arguments[0]}));", text);
    }

    private static void typeDraftId(Browser b, String id) {
        // the sidebar shows the selected block's settings after typing: back to the post's (文章) tab
        js(b.driver(), "wp.data.dispatch('core/block-editor').clearSelectedBlock();"
                + "wp.data.dispatch('core/edit-post').openGeneralSidebar('edit-post/document');");
        List<WebElement> toggle = b.driver().findElements(By.cssSelector(".srg-panel .components-panel__body-toggle"));
        if (b.driver().findElements(By.id("srg-draft-id")).isEmpty() && !toggle.isEmpty()) {
            toggle.get(0).click(); // the panel starts closed
        }
        // (plugin 1.0 had only a classic meta box below the block editor, saved after the post)
        List<WebElement> panel = b.driver().findElements(By.id("srg-draft-id"));
        WebElement field = panel.isEmpty() ? b.find(By.id("secrecy_review_draft_id")) : panel.get(0);
        field.click();
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        field.sendKeys(id);
    }

    /** Clicks the editor's publish button and waits until the save is over; returns the error notice, if any. */
    private static String publishInBlockEditor(Browser b) {
        WebDriver d = b.driver();
        js(d, "wp.data.dispatch('core/notices').removeNotice('SAVE_POST_NOTICE_ID');");
        b.find(By.cssSelector(".edit-post-header__settings .editor-post-publish-button")).click();
        new WebDriverWait(d, SLOW).ignoring(WebDriverException.class).until(x -> Boolean.TRUE.equals(js(x,
                "var e = wp.data.select('core/editor');"
                        + "return !e.isSavingPost() && !wp.data.select('core/edit-post').isSavingMetaBoxes()"
                        + " && (e.isCurrentPostPublished() || wp.data.select('core/notices').getNotices()"
                        + ".some(function (n) { return n.id === 'SAVE_POST_NOTICE_ID' && n.status === 'error'; }));")));
        Object error = js(d, "var n = wp.data.select('core/notices').getNotices()"
                + ".filter(function (n) { return n.id === 'SAVE_POST_NOTICE_ID' && n.status === 'error'; });"
                + "return n.length ? n[0].content : null;");
        return error == null ? null : error.toString();
    }

    @Test
    @Order(1)
    void blockEditorShowsTheRemindersAndARefusedNewPostKeepsItsContent() {
        WordPressSite wp = site();
        walk("block-editor-refusal", b -> {
            long id = newBlockEditorPost(b);
            assertThat(js(b.driver(), "return wp.data.select('core/notices').getNotices().map(function (n) { return n.content; }).join('\\n');"))
                    .asString().contains("保密提醒：");

            // case 7: refused, and the post keeps what the editor wrote
            String title = "未经审查的新稿件";
            String text = unique("这段内容没有经过保密审查。");
            typeTitleAndText(b, title, text);
            String error = publishInBlockEditor(b);
            assertThat(error).contains("保密审查未通过");
            assertThat(b.find(By.cssSelector(".components-notice.is-error")).getText()).contains("保密审查未通过");
            JsonPath saved = edited("posts", id);
            assertThat(saved.getString("status")).isEqualTo("draft");
            assertThat(saved.getString("title.raw")).isEqualTo(title);
            assertThat(saved.getString("content.raw")).contains(text);
            assertThat(WordPressFixtures.publicStatus(id)).isEqualTo(404);

            // opened again: title and text are there, and the refusal with its reasons
            b.driver().get(wp.url("/wp-admin/post.php?post=" + id + "&action=edit"));
            acceptLeavePage(b);
            new WebDriverWait(b.driver(), SLOW).ignoring(WebDriverException.class).until(x -> Boolean.TRUE.equals(js(x,
                    "return !!(window.wp && wp.data && wp.data.select('core/editor').getCurrentPostId() === arguments[0]);", id)));
            assertThat(js(b.driver(), "return wp.data.select('core/editor').getEditedPostAttribute('title');")).isEqualTo(title);
            assertThat(js(b.driver(), "return wp.data.select('core/editor').getEditedPostContent();")).asString().contains(text);
            assertThat(js(b.driver(), "return wp.data.select('core/notices').getNotices().map(function (n) { return n.content; }).join('\\n');"))
                    .asString().contains("保密审查未通过，本文未发布");
            // the 保密审查 panel of the post's sidebar, with the 保密提醒
            js(b.driver(), "wp.data.dispatch('core/edit-post').openGeneralSidebar('edit-post/document');");
            assertThat(b.find(By.cssSelector(".srg-panel")).getText()).contains("保密审查");
        });
    }

    @Test
    @Order(2)
    void theDraftIdTravelsWithTheBlockEditorsPublishRequest() {
        WordPressSite wp = site();
        String title = unique("关于调整办公时间的通知");
        String text = unique(CLEAN);
        Approved a = approved(title, "<p>" + text + "</p>");
        // the same text submitted again and still in review: matched by text alone the gate would allow
        long inReview = submitted(title, "<p>" + text + "</p>").getLong("id");
        walk("block-editor-draft-id", b -> {
            long id = newBlockEditorPost(b);
            typeTitleAndText(b, title, text);
            typeDraftId(b, Long.toString(inReview));
            String error = publishInBlockEditor(b);
            assertThat(error).as("the gate compared with draft %d, which is in review", inReview).contains("审查尚未完成");

            typeDraftId(b, Long.toString(a.id()));
            assertThat(publishInBlockEditor(b)).isNull();
            JsonPath saved = edited("posts", id);
            assertThat(saved.getString("status")).isEqualTo("publish");
            assertThat(saved.getString("meta._secrecy_review_draft_id")).isEqualTo(Long.toString(a.id()));
            JsonPath row = registerRow(publicationOf(id));
            assertThat(row.getLong("draftId")).isEqualTo(a.id());
            assertThat(row.getString("url")).isEqualTo(wp.url("/archives/" + id));
            Document page = publicPage(id);
            assertThat(page.selectFirst("h1.wp-block-post-title").text()).isEqualTo(title);
            assertThat(page.selectFirst(".wp-block-post-content p").text()).isEqualTo(text);
        });
    }

    @Test
    @Order(3)
    void classicEditorKeepsARefusedPageAsADraftWithTheReasonsAndPublishesTheApprovedOne() {
        WordPressSite wp = site();
        String title = unique("政府信息公开指南");
        String text = unique("本指南说明依申请公开政府信息的办理程序。");
        Approved a = approved(title, "<p>" + text + "</p>");
        walk("classic-editor", b -> {
            b.open("/wp-admin/post-new.php?post_type=page");
            assertThat(b.find(By.cssSelector("#wpbody-content .notice-warning")).getText()).contains("保密提醒");
            assertThat(b.find(By.id("secrecy-review-gate")).getText()).contains("审查稿件编号");
            b.find(By.id("title")).sendKeys(title);
            b.find(By.id("content-html")).click();
            WebElement content = b.find(By.id("content"));
            content.sendKeys("<p>" + text + "机密★5年</p>");
            submitAndWait(b, "#publish");
            assertThat(b.find(By.cssSelector(".srg-refusal")).getText()).contains("保密审查未通过");
            assertThat(b.find(By.id("post-status-display")).getText()).contains("草稿");
            long id = Long.parseLong(b.find(By.id("post_ID")).getAttribute("value"));
            assertThat(WordPressFixtures.publicStatus(id)).isNotEqualTo(200);

            b.find(By.id("content-html")).click();
            content = b.find(By.id("content"));
            content.clear();
            content.sendKeys("<p>" + text + "</p>");
            b.find(By.id("secrecy_review_draft_id")).sendKeys(Long.toString(a.id()));
            submitAndWait(b, "#publish");
            assertThat(b.find(By.id("post-status-display")).getText()).contains("已发布");
            assertThat(b.driver().findElements(By.cssSelector(".srg-refusal"))).isEmpty();
            String link = edited("pages", id).getString("link");
            Document page = org.jsoup.Jsoup.parse(wp.fetch(link).body());
            assertThat(page.selectFirst("h1.wp-block-post-title").text()).isEqualTo(title);
            assertThat(page.selectFirst(".wp-block-post-content p").text()).isEqualTo(text);
            assertThat(registerRow(publicationOf(id)).getLong("draftId")).isEqualTo(a.id());
        });
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void thePluginLogsNoPhpWarning() {
        List<String> lines = site().pluginLogLines();
        assertThat(lines).isEmpty();
    }

    /** The block editor may ask before leaving a page with unsaved changes. */
    private static void acceptLeavePage(Browser b) {
        try {
            b.driver().switchTo().alert().accept();
        } catch (WebDriverException e) {
            // no dialog
        }
    }
}
