package cn.disclosure.review.identity;

import cn.disclosure.review.audit.AuditEntry;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static cn.disclosure.review.support.Accounts.anonymous;
import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class AccountsTest {

    @Test
    void demoAccountsAreSeededWithHashedPasswordsAndProductionRefusesThem() {
        QuarkusTransaction.requiringNew().run(() -> {
            Account editor = Account.findByUsername("editor").orElseThrow();
            assertThat(editor.passwordHash).startsWith("$2").doesNotContain("editor");
            assertThat(editor.department).isEqualTo("办公室");
            assertThat(editor.demo).isTrue();
            assertThatThrownBy(DemoAccounts::refuseDemoAccountsInProduction)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("演示账号");
        });
    }

    @Test
    void failedSignInIsAuditedWithoutThePassword() {
        anonymous().auth().preemptive().basic("editor", "guess-123").get("/api/v1/audit/verify").then().statusCode(401);
        QuarkusTransaction.requiringNew().run(() -> {
            AuditEntry last = AuditEntry.find("action = 'LOGIN_FAILED' order by seq desc").firstResult();
            assertThat(last).isNotNull();
            assertThat(last.subjectId).isEqualTo("editor");
            assertThat(last.details).doesNotContain("guess-123");
        });
        // the right password still works, and a wrong role is refused
        as("office").get("/api/v1/audit/verify").then().statusCode(200);
        as("editor").get("/api/v1/audit/verify").then().statusCode(403);
    }
}
