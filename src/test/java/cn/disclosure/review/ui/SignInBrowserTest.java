package cn.disclosure.review.ui;

import cn.disclosure.review.support.Browser;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.net.URL;

import static org.assertj.core.api.Assertions.assertThat;

/** Signing in and out in a real headless Chromium. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SignInBrowserTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void wrongPasswordThenRightOneThenSignOut() {
        String root = base.toString().replaceAll("/$", "");
        try (Browser b = new Browser(root)) {
            b.open("/ui/audit");
            assertThat(b.driver().getCurrentUrl()).endsWith("/login");
            b.signIn("office", "wrong");
            assertThat(b.driver().findElement(By.id("login-error")).getText()).contains("用户名或密码错误");
            b.signIn("office", "office");
            assertThat(b.driver().getCurrentUrl()).endsWith("/ui/queue");
            b.open("/ui/audit");
            assertThat(b.driver().findElement(By.id("audit-ok")).getText()).isEqualTo("哈希链完整");
            b.signOut();
            assertThat(b.driver().getCurrentUrl()).endsWith("/login");
            b.open("/ui/audit");
            assertThat(b.driver().getCurrentUrl()).endsWith("/login");
        }
    }
}
