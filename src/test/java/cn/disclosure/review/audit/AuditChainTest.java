package cn.disclosure.review.audit;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import static cn.disclosure.review.support.Accounts.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class AuditChainTest {

    @Inject
    AuditLog audit;

    @Test
    void tamperingWithARowIsReportedAtThatRow() throws Exception {
        as("admin").get("/api/v1/audit/verify").then().statusCode(200).body("ok", equalTo(true)).body("brokenAt", nullValue());
        AuditEntry a = audit.append("TEST_EVENT", "tester", "test", "1", Map.of("n", 1));
        audit.append("TEST_EVENT", "tester", "test", "2", Map.of("n", 2));
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl()); Statement s = c.createStatement()) {
            // The application cannot change history: the trigger refuses.
            assertThrows(java.sql.SQLException.class,
                    () -> s.executeUpdate("update audit_entry set actor = 'mallory' where seq = " + a.seq));
            // A superuser who bypasses the trigger is caught by the chain.
            s.execute("set session_replication_role = replica");
            s.executeUpdate("update audit_entry set details = '{\"n\":99}' where seq = " + a.seq);
            s.execute("set session_replication_role = origin");
        }
        try {
            as("admin").get("/api/v1/audit/verify").then().statusCode(200)
                    .body("ok", equalTo(false)).body("brokenAt", equalTo((int) a.seq));
        } finally {
            try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl()); Statement s = c.createStatement()) {
                s.execute("set session_replication_role = replica");
                s.executeUpdate("update audit_entry set details = '{\"n\":1}' where seq = " + a.seq);
            }
        }
        as("admin").get("/api/v1/audit/verify").then().statusCode(200).body("ok", equalTo(true));
    }
}
