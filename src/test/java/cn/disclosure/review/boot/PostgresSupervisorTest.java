package cn.disclosure.review.boot;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The supervisor of the embedded PostgreSQL against a real server on a data directory of its own:
 * a postmaster killed with SIGKILL is started again on the same directory and the committed rows are
 * there (crash recovery); a postmaster that cannot be started again (its configuration broken while
 * it ran) makes liveness DOWN after the configured attempts, and UP again once a start succeeds.
 */
class PostgresSupervisorTest {
    private static final PostgresSupervisor.Policy QUICK =
            new PostgresSupervisor.Policy(Duration.ofMillis(100), 3, Duration.ofSeconds(60), Duration.ofMillis(300));

    @Test
    void aKilledPostmasterIsStartedAgainAndTheCommittedRowsAreThere(@TempDir Path data) throws Exception {
        EmbeddedDatabase.Running db = EmbeddedDatabase.start(data, freePort(), EmbeddedPostgresResource.binaries());
        try {
            PostgresSupervisor supervisor = db.supervise(QUICK);
            try (Connection c = db.connect(db.superuser()); Statement s = c.createStatement()) {
                s.execute("create table kept (n int)");
                s.execute("insert into kept select generate_series(1, 1000)");
            }
            assertThat(health(EmbeddedDatabaseLiveness.check(supervisor))).isEqualTo("UP");
            ProcessHandle first = postmaster(data);
            kill9(first);

            await(() -> supervisor.restarts() == 1 && supervisor.state() == PostgresSupervisor.State.RUNNING, "restarted");
            assertThat(supervisor.incidents()).isOne();
            ProcessHandle second = postmaster(data);
            assertThat(second.pid()).isNotEqualTo(first.pid());
            try (Connection c = db.connect(db.superuser()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from kept")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1000);
            }
            assertThat(health(EmbeddedDatabaseLiveness.check(supervisor))).isEqualTo("UP");
            assertThat(health(EmbeddedDatabaseReadiness.check(supervisor))).isEqualTo("UP");
        } finally {
            db.stop();
        }
        assertThat(Files.exists(data.resolve("pg/postmaster.pid"))).as("stopped for good, not restarted by the supervisor").isFalse();
    }

    @Test
    void livenessGoesDownWhenRestartsKeepFailingAndUpWhenOneSucceeds(@TempDir Path data) throws Exception {
        EmbeddedDatabase.Running db = EmbeddedDatabase.start(data, freePort(), EmbeddedPostgresResource.binaries());
        try {
            PostgresSupervisor supervisor = db.supervise(QUICK);
            Path conf = data.resolve("pg/postgresql.conf");
            String good = Files.readString(conf, StandardCharsets.UTF_8);
            // read only at the next start: the running server does not notice
            Files.writeString(conf, good + "\nthis is not a setting\n", StandardCharsets.UTF_8);
            kill9(postmaster(data));

            await(() -> supervisor.state() == PostgresSupervisor.State.RESTARTING
                    || supervisor.state() == PostgresSupervisor.State.GIVEN_UP, "noticed");
            assertThat(health(EmbeddedDatabaseReadiness.check(supervisor))).isEqualTo("DOWN");
            await(() -> supervisor.state() == PostgresSupervisor.State.GIVEN_UP, "gave up after 3 attempts");
            assertThat(health(EmbeddedDatabaseLiveness.check(supervisor))).isEqualTo("DOWN");
            assertThat(health(EmbeddedDatabaseReadiness.check(supervisor))).isEqualTo("DOWN");
            assertThat(supervisor.lastFailure()).contains("IOException");
            assertThat(supervisor.restarts()).isZero();

            Files.writeString(conf, good, StandardCharsets.UTF_8);
            await(() -> supervisor.state() == PostgresSupervisor.State.RUNNING, "started once the configuration is sound");
            assertThat(supervisor.restarts()).isOne();
            assertThat(supervisor.incidents()).as("one incident, however many attempts").isOne();
            assertThat(health(EmbeddedDatabaseLiveness.check(supervisor))).isEqualTo("UP");
            try (Connection c = db.connect(db.superuser())) {
                assertThat(c.isValid(5)).isTrue();
            }
        } finally {
            db.stop();
        }
    }

    /**
     * A killed postmaster whose parent does not reap it (a container's init may never) stays "alive"
     * to {@link ProcessHandle#isAlive()} as a zombie; the supervisor must see it as dead. A real
     * zombie: a shell starts a short sleep in the background and then becomes a long sleep, which
     * never waits for its child.
     */
    @Test
    void anUnreapedDeadProcessIsNotRunning() throws Exception {
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.2 & exec sleep 30").start();
        try {
            ProcessHandle child = awaitChild(parent.toHandle());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!PostgresServer.zombie(PostgresServer.processState(child.pid())) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(PostgresServer.processState(child.pid())).isEqualTo("Z");
            assertThat(child.isAlive()).as("the JDK still calls a zombie alive").isTrue();
            assertThat(PostgresServer.running(child)).isFalse();
            assertThat(PostgresServer.waitForExit(child, 1)).isTrue();
            assertThat(PostgresServer.running(parent.toHandle())).isTrue();
            assertThat(PostgresServer.waitForExit(parent.toHandle(), 0)).as("a running process has not exited").isFalse();
        } finally {
            parent.destroyForcibly().waitFor();
        }
        assertThat(PostgresServer.processState(Long.MAX_VALUE)).isEmpty();
    }

    private static ProcessHandle awaitChild(ProcessHandle parent) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var child = parent.children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            Thread.sleep(10);
        }
        return fail("the shell started no child");
    }

    @Test
    void withoutASupervisorLivenessIsTheProcesssOwn() {
        assertThat(health(EmbeddedDatabaseLiveness.check(null))).isEqualTo("UP");
        assertThat(health(EmbeddedDatabaseReadiness.check(null))).isEqualTo("UP");
    }

    @Test
    void thePauseBetweenAttemptsGrowsToTheLimit() {
        Duration max = Duration.ofSeconds(5);
        assertThat(PostgresSupervisor.backoff(1, max)).isEqualTo(Duration.ofMillis(250));
        assertThat(PostgresSupervisor.backoff(2, max)).isEqualTo(Duration.ofMillis(500));
        assertThat(PostgresSupervisor.backoff(5, max)).isEqualTo(Duration.ofMillis(4000));
        assertThat(PostgresSupervisor.backoff(6, max)).isEqualTo(max);
        assertThat(PostgresSupervisor.backoff(500, max)).isEqualTo(max);
    }

    private static String health(HealthCheckResponse r) {
        return r.getStatus().name();
    }

    static ProcessHandle postmaster(Path data) throws IOException {
        long pid = Long.parseLong(Files.readAllLines(data.resolve("pg/postmaster.pid")).get(0).trim());
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
        assertThat(h.info().command().orElse("")).endsWith("postgres");
        return h;
    }

    private static void kill9(ProcessHandle h) throws Exception {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(h.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 120 s: " + what);
            }
            Thread.sleep(50);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
