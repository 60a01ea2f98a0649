package cn.disclosure.review.boot;

import org.jboss.logging.Logger;
import org.postgresql.util.PasswordUtil;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * Real PostgreSQL binaries (from Maven, via zonky) run as a child process with a data directory
 * that survives restarts, hardened as the trust base of the service:
 * <ul>
 * <li>every connection needs a password (SCRAM-SHA-256), the superuser's too; the passwords are
 * generated on first start and kept in {@code <data>/secrets/} (0600); the server listens on
 * 127.0.0.1 only and opens no Unix socket;</li>
 * <li>{@code fsync}, {@code synchronous_commit} and {@code full_page_writes} are on: an answered
 * request is on disk, whatever process is killed;</li>
 * <li>the service connects as {@value DatabaseRoles#APPLICATION}, which owns nothing; Flyway runs as
 * {@value DatabaseRoles#OWNER}; the superuser is used only here, for set-up.</li>
 * </ul>
 * A data directory of the previous release (trust authentication, the service as superuser) is
 * upgraded on start with no manual step. A PostgreSQL left running by a JVM that was killed with
 * {@code kill -9} is shut down before the new one starts on the same directory.
 */
public final class EmbeddedDatabase {
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The database the service uses (the one the previous release used: its data is there). */
    public static final String DATABASE = "postgres";
    public static final String SUPERUSER = PostgresServer.SUPERUSER;
    public static final String OWNER = DatabaseRoles.OWNER;
    public static final String APPLICATION = DatabaseRoles.APPLICATION;
    private static final Map<Path, FileLock> LOCKS = new HashMap<>();

    /** A role and its password. {@link #toString()} leaves the password out. */
    public record Login(String username, String password) {
        @Override
        public String toString() {
            return username;
        }
    }

    /** A running embedded PostgreSQL and the three logins of its roles. */
    public static final class Running {
        private final PostgresServer server;
        private final Login superuser;
        private final Login owner;
        private final Login application;
        private PostgresSupervisor supervisor;
        private boolean stopped;

        private Running(PostgresServer server, Login superuser, Login owner, Login application) {
            this.server = server;
            this.superuser = superuser;
            this.owner = owner;
            this.application = application;
        }

        public int port() {
            return server.port();
        }

        /** The PostgreSQL data directory ({@code <data>/pg}). */
        public Path directory() {
            return server.directory();
        }

        /** JDBC URL of the service's database, without credentials. */
        public String jdbcUrl() {
            return EmbeddedDatabase.jdbcUrl(server.port());
        }

        public Login superuser() {
            return superuser;
        }

        public Login owner() {
            return owner;
        }

        public Login application() {
            return application;
        }

        public Connection connect(Login login) throws SQLException {
            return EmbeddedDatabase.connect(server.port(), login);
        }

        /**
         * Restarts the postmaster whenever it dies, from now on until {@link #stop()}
         * ({@link PostgresSupervisor}); the service's own database is supervised, the tests' is not.
         */
        public synchronized PostgresSupervisor supervise(PostgresSupervisor.Policy policy) {
            if (supervisor == null && !stopped) {
                supervisor = PostgresSupervisor.supervise(server, policy);
            }
            return supervisor;
        }

        /** Fast shutdown (idempotent); also run by a shutdown hook. */
        public synchronized void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            if (supervisor != null) {
                supervisor.stop();
            }
            try {
                server.stop();
            } catch (IOException e) {
                LOG.warnf("内置 PostgreSQL 关闭失败（%s）", e.getClass().getSimpleName());
            }
        }
    }

    /** How long the database's shutdown hook waits for the application to stop before stopping it anyway. */
    static final java.time.Duration APPLICATION_STOP_LIMIT = java.time.Duration.ofSeconds(30);

    private EmbeddedDatabase() {
    }

    /**
     * Waits until the Quarkus application (if one was created) has stopped, at most {@code limit}.
     */
    static void awaitApplicationStopped(java.time.Duration limit) {
        io.quarkus.runtime.Application app = io.quarkus.runtime.Application.currentApplication();
        if (app == null) {
            return;                                  // Quarkus never got as far as creating the application
        }
        // returns when the application has STOPPED — at once if it has; a start that failed half-way
        // is bounded by the limit
        Thread waiter = new Thread(app::awaitShutdown, "embedded-postgres-stop-wait");
        waiter.setDaemon(true);
        waiter.start();
        try {
            waiter.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the embedded PostgreSQL beside Quarkus' boot, on a thread of its own: its address and the
     * roles' passwords are known before it runs (the port is configured, the passwords are kept in the
     * data directory), so the datasource is configured at once and its first connection waits for
     * the start ({@link StartingPostgresDriver}). The data directory is locked here, before Quarkus
     * starts: a second service on the same directory stops at once.
     */
    static void startIfNoDatabaseConfigured() {
        if (externalDatabaseConfigured()) {
            LOG.info("使用外部 PostgreSQL（QUARKUS_DATASOURCE_JDBC_URL 已配置）");
            return;
        }
        long t0 = System.nanoTime();
        Path dataDir = LocalSecrets.dataDirectory();
        int port = Integer.parseInt(LocalSecrets.setting("REVIEW_DB_PORT", "review.db-port", "54329"));
        PostgresSupervisor.Policy policy = supervisorPolicy();
        Login owner;
        Login application;
        try {
            Files.createDirectories(dataDir);
            lock(dataDir);
            owner = new Login(OWNER, password(dataDir, "db-owner-password"));
            application = new Login(APPLICATION, password(dataDir, "db-app-password"));
        } catch (IOException e) {
            throw new IllegalStateException("内置 PostgreSQL 无法启动：" + e.getMessage(), e);
        }
        CompletableFuture<Running> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                Running pg = start(dataDir, port, dataDir.resolve("postgres-binaries"));
                pg.supervise(policy);
                LOG.infof("内置 PostgreSQL 已启动：127.0.0.1:%d，数据目录 %s（服务以 %s 连接，需密码；%d ms）", port, pg.directory(),
                        APPLICATION, (System.nanoTime() - t0) / 1_000_000);
                started.complete(pg);
            } catch (RuntimeException | Error e) {
                LOG.errorf("内置 PostgreSQL 无法启动：%s", e.getMessage());
                started.completeExceptionally(e);
            }
        }, "embedded-postgres-start");
        StartingPostgresDriver.connectAfter(started);
        System.setProperty("quarkus.datasource.jdbc.url", jdbcUrl(port));
        System.setProperty("quarkus.datasource.username", application.username());
        System.setProperty("quarkus.datasource.password", application.password());
        System.setProperty("quarkus.flyway.username", owner.username());
        System.setProperty("quarkus.flyway.password", owner.password());
        starter.start();
    }

    /**
     * Starts (or restarts) the PostgreSQL of data directory {@code dataDir} ({@code <dataDir>/pg},
     * passwords in {@code <dataDir>/secrets}) on {@code port}; the binaries are unpacked under
     * {@code binariesParent}. Used by the service and by the tests.
     */
    public static synchronized Running start(Path dataDir, int port, Path binariesParent) {
        try {
            Files.createDirectories(dataDir);
            lock(dataDir);
            Path binaries = PostgresBinaries.prepare(binariesParent);
            Login superuser = new Login(SUPERUSER, password(dataDir, "db-superuser-password"));
            Login owner = new Login(OWNER, password(dataDir, "db-owner-password"));
            Login application = new Login(APPLICATION, password(dataDir, "db-app-password"));

            PostgresServer server = new PostgresServer(binaries, dataDir.resolve("pg"), port);
            server.stopLeftoverPostmaster();
            if (!server.initialized()) {
                server.initdb(dataDir.resolve("secrets").resolve("db-superuser-password"));
            }
            server.writeAccessRules();
            server.start();
            Running running = new Running(server, superuser, owner, application);
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    // the JVM runs its hooks at once: Quarkus' own hook stops the application (the last
                    // audit checkpoint, the pool), which needs the database until it is done
                    awaitApplicationStopped(APPLICATION_STOP_LIMIT);
                    running.stop();
                }, "embedded-postgres-stop"));
            } catch (IllegalStateException shuttingDown) {
                // the JVM began to exit while the server started beside Quarkus' boot (a boot that failed)
                running.stop();
                throw new IOException("服务正在退出", shuttingDown);
            }
            try (Connection su = superuserConnection(running)) {
                DatabaseRoles.apply(su, owner.password(), application.password());
            }
            return running;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("内置 PostgreSQL 无法启动：" + e.getMessage(), e);
        }
    }

    /**
     * The superuser's connection. When the data directory's password does not open it — a data
     * directory of the previous release (no password, trust), or a lost secrets file — the server is
     * stopped, the password is set in single-user mode (whoever may write the data directory may do
     * that anyway) and the server started again.
     */
    private static Connection superuserConnection(Running running) throws SQLException, IOException {
        try {
            return connectWhenReady(running.port(), running.superuser());
        } catch (SQLException e) {
            if (!"28P01".equals(e.getSQLState())) {
                throw e;
            }
        }
        LOG.warn("内置 PostgreSQL 超级用户的密码与数据目录中保存的不一致（或为旧版本的数据目录），正在单用户模式下重设");
        running.server.stop();
        running.server.setPasswordOffline(SUPERUSER, PasswordUtil.encodeScramSha256(running.superuser().password().toCharArray()));
        running.server.start();
        return connectWhenReady(running.port(), running.superuser());
    }

    private static Connection connectWhenReady(int port, Login login) throws SQLException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                return connect(port, login);
            } catch (SQLException e) {
                // 57P03: the database system is starting up
                if (!"57P03".equals(e.getSQLState()) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted");
            }
        }
    }

    static String jdbcUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    static Connection connect(int port, Login login) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", login.username());
        p.setProperty("password", login.password());
        p.setProperty("connectTimeout", "10");
        p.setProperty("ApplicationName", "secrecy-review-boot");
        // the driver itself, not DriverManager: no class-loader lookup at this early point
        Connection c = new org.postgresql.Driver().connect(jdbcUrl(port), p);
        if (c == null) {
            throw new SQLException("JDBC URL not accepted");
        }
        return c;
    }

    /** One process per data directory: a second one would shut the first one's PostgreSQL down. */
    private static void lock(Path dataDir) throws IOException {
        Path key = dataDir.toAbsolutePath().normalize();
        if (LOCKS.containsKey(key)) {
            return;
        }
        FileChannel ch = FileChannel.open(key.resolve("postgres.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock();
        if (lock == null) {
            ch.close();
            throw new IOException("数据目录 " + key + " 正由另一个服务进程使用");
        }
        LOCKS.put(key, lock);
    }

    private static String password(Path dataDir, String name) {
        return LocalSecrets.secret(dataDir, name, () -> {
            byte[] b = new byte[32];
            RANDOM.nextBytes(b);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        });
    }

    /**
     * The supervisor's policy until Quarkus' configuration is read ({@link SupervisorSettings} applies
     * application.properties then): system properties or environment variables of the same keys.
     */
    static PostgresSupervisor.Policy supervisorPolicy() {
        PostgresSupervisor.Policy d = PostgresSupervisor.Policy.DEFAULT;
        try {
            return new PostgresSupervisor.Policy(
                    Duration.ofMillis(Long.parseLong(LocalSecrets.setting("REVIEW_DB_SUPERVISOR_CHECK_INTERVAL_MILLIS",
                            "review.db.supervisor.check-interval-millis", Long.toString(d.checkInterval().toMillis())))),
                    Integer.parseInt(LocalSecrets.setting("REVIEW_DB_SUPERVISOR_MAX_ATTEMPTS",
                            "review.db.supervisor.max-attempts", Integer.toString(d.maxAttempts()))),
                    Duration.ofSeconds(Long.parseLong(LocalSecrets.setting("REVIEW_DB_SUPERVISOR_BUDGET_SECONDS",
                            "review.db.supervisor.budget-seconds", Long.toString(d.budget().toSeconds())))),
                    Duration.ofMillis(Long.parseLong(LocalSecrets.setting("REVIEW_DB_SUPERVISOR_MAX_BACKOFF_MILLIS",
                            "review.db.supervisor.max-backoff-millis", Long.toString(d.maxBackoff().toMillis())))));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("review.db.supervisor.* 设置无效：需为正整数", e);
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
