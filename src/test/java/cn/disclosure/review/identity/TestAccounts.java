package cn.disclosure.review.identity;

import cn.disclosure.review.audit.AuditEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounts of their own for tests that sign in wrongly, sign out or change an account, so no demo account is touched. */
final class TestAccounts {
    private TestAccounts() {
    }

    /** A new enabled account (password = {@code password}) with a unique name starting with {@code prefix}. */
    static String create(String prefix, String password, String roles, String department) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> {
            Account a = new Account();
            a.username = name;
            a.passwordHash = AccountService.hash(password);
            a.roles = roles;
            a.department = department;
            a.displayName = name;
            a.persist();
        });
        return name;
    }

    /** Changes the account row in the database, as an administrator's SQL would. */
    static void change(String username, Consumer<Account> change) {
        QuarkusTransaction.requiringNew().run(() -> change.accept(Account.findByUsername(username).orElseThrow()));
    }

    /** Audit lines of one action and subject, oldest first. */
    static List<AuditEntry> audit(String action, String subjectId) {
        return QuarkusTransaction.requiringNew().call(() ->
                AuditEntry.<AuditEntry>find("action = ?1 and subjectId = ?2 order by seq", action, subjectId).list());
    }

    /** Waits (up to 20 s) until {@code lines} gives a non-empty list: lines written after the answer appear shortly after it. */
    static <T> List<T> await(Supplier<List<T>> lines) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<T> found = lines.get();
        while (found.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            found = lines.get();
        }
        assertThat(found).as("audit lines").isNotEmpty();
        return found;
    }
}
