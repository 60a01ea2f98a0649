package cn.disclosure.review.support;

import cn.disclosure.review.boot.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/** A real PostgreSQL (zonky binaries) for the whole test run, in a throw-away directory. */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {
    private static EmbeddedPostgres pg;

    @Override
    public synchronized Map<String, String> start() {
        if (pg == null) {
            try {
                Path dir = Files.createTempDirectory("review-test-pg");
                pg = EmbeddedDatabase.start(dir.resolve("pg"), freePort());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", pg.getJdbcUrl("postgres", "postgres"),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    /** JDBC URL of the running test database, for tests that change rows behind the service's back. */
    public static String jdbcUrl() {
        return pg.getJdbcUrl("postgres", "postgres");
    }

    /** A superuser connection to the test database, for tests that play an attacker with database access. */
    public static Connection superuser() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
    }

    @Override
    public void stop() {
        // kept for the whole JVM: several Quarkus test profiles reuse it; the shutdown hook stops it
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
