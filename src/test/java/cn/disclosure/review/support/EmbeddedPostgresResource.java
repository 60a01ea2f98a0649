package cn.disclosure.review.support;

import cn.disclosure.review.boot.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * A real PostgreSQL (zonky binaries) for the whole test run, in a throw-away directory, hardened as
 * the service runs it: passwords for every role, the service connects as the application role and
 * Flyway migrates as the owner role. Tests that need to go behind the service's back use
 * {@link #superuser()}; {@link #application()} is a connection with exactly the service's rights.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {
    private static EmbeddedDatabase.Running pg;
    private static Path dataDir;

    @Override
    public Map<String, String> start() {
        EmbeddedDatabase.Running db = running();
        return Map.of(
                "quarkus.datasource.jdbc.url", db.jdbcUrl(),
                "quarkus.datasource.username", db.application().username(),
                "quarkus.datasource.password", db.application().password(),
                "quarkus.flyway.username", db.owner().username(),
                "quarkus.flyway.password", db.owner().password());
    }

    /** The test database, started on first use. */
    public static synchronized EmbeddedDatabase.Running running() {
        if (pg == null) {
            try {
                Path dir = Files.createTempDirectory("review-test-pg");
                dataDir = dir;
                pg = EmbeddedDatabase.start(dir, freePort(), binaries());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return pg;
    }

    /** Where tests unpack the PostgreSQL binaries once for every run of this checkout. */
    public static Path binaries() {
        return Path.of("target", "postgres-binaries").toAbsolutePath();
    }

    /** A connection as the database superuser (for tests that change rows behind the service's back). */
    public static Connection superuser() throws SQLException {
        return running().connect(running().superuser());
    }

    /** A connection as the application role: the rights the service itself has. */
    public static Connection application() throws SQLException {
        return running().connect(running().application());
    }

    /** A connection as the owner role (the one Flyway migrates with). */
    public static Connection owner() throws SQLException {
        return running().connect(running().owner());
    }

    /** JDBC URL of the test database with the superuser's credentials in it; prefer {@link #superuser()}. */
    public static String jdbcUrl() {
        EmbeddedDatabase.Login su = running().superuser();
        return running().jdbcUrl() + "?user=" + su.username()
                + "&password=" + URLEncoder.encode(su.password(), StandardCharsets.UTF_8);
    }

    /** Stops the test database (an outage); {@link #restartDatabase()} brings it back on the same port and data. */
    public static synchronized void stopDatabase() {
        pg.stop();
    }

    public static synchronized void restartDatabase() {
        pg = EmbeddedDatabase.start(dataDir, pg.port(), binaries());
    }

    @Override
    public void stop() {
        // kept for the whole JVM: several Quarkus test profiles reuse it; the shutdown hook stops it
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
