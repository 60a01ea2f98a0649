package cn.disclosure.review.boot;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static cn.disclosure.review.intake.DraftFixtures.CLEAN;
import static cn.disclosure.review.intake.DraftFixtures.approve;
import static cn.disclosure.review.intake.DraftFixtures.draft;
import static cn.disclosure.review.intake.DraftFixtures.unique;
import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A PostgreSQL backend serving the service is killed (kill -9) while drafts and decisions are being
 * written through the API. The postmaster then ends every backend and recovers from the WAL that
 * had been written; every request that was answered 2xx must still be in the database — the very
 * row, not another one that got its id after the crash — and the service must serve again.
 *
 * <p>The WAL writer and the background writer are stopped (SIGSTOP) during the load and killed with
 * the backend: an answered commit must not depend on them. With {@code synchronous_commit = on} the
 * committing backend writes and flushes its own commit record before the answer. With
 * {@code synchronous_commit = off} (the previous embedded defaults) the commit record waits in shared
 * memory until one of them writes it, and every draft answered during the load is lost here. (Left
 * running, they write such records within milliseconds under this load — any buffer write flushes
 * all WAL inserted so far — so a kill rarely hits the window; stopping them makes it certain.)
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class DurabilityTest {
    private static final int WORKERS = 4;
    private static final int ANSWERED_BEFORE_KILL = 12;
    private static final int ANSWERED_AFTER_KILL = 24;
    private static final int MAX_ATTEMPTS_PER_WORKER = 500;

    @Inject
    AgroalDataSource dataSource;

    /** A row an answer named: its id and the unique title of its draft. */
    private record Answered(long id, String title) {
    }

    /** Every draft answered 201 (after a crash the same id may be handed out again, to another draft). */
    private final Queue<Answered> drafts = new ConcurrentLinkedQueue<>();
    /** Every decision answered 201. */
    private final Queue<Answered> decisions = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean killed = new AtomicBoolean();
    private final AtomicInteger answeredAfterKill = new AtomicInteger();
    private final AtomicInteger failedAfterKill = new AtomicInteger();
    private ProcessHandle backend;
    private List<ProcessHandle> writers;

    @Test
    void everyAnsweredWriteSurvivesAKilledBackendAndTheServiceServesAgain() throws Exception {
        // the service holds connections (a request that reads the database opens one if need be)
        as("admin").get("/api/v1/audit/verify").then().statusCode(200);
        backend = serverProcess("client backend", EmbeddedDatabase.APPLICATION);
        writers = List.of(serverProcess("walwriter", null), serverProcess("background writer", null));
        try (Connection witness = EmbeddedPostgresResource.superuser()) {
            for (ProcessHandle w : writers) {
                signal(w, "STOP");
            }
            ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < WORKERS; i++) {
                    running.add(pool.submit(() -> {
                        work();
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
                for (ProcessHandle w : writers) {
                    if (w.isAlive()) {
                        signal(w, "CONT");
                    }
                }
            }
            assertThat(killed).as("a backend was killed").isTrue();
            assertThat(backend.isAlive()).isFalse();
            // the postmaster ended every backend, this idle one too: a crash, not one lost connection
            assertThat(witness.isValid(5)).isFalse();
        }
        // the service serves again
        assertThat(answeredAfterKill.get()).as("answered after the kill (%d failed meanwhile)", failedAfterKill.get())
                .isGreaterThanOrEqualTo(ANSWERED_AFTER_KILL);

        // every answered write is there
        assertThat(missing("select id from draft where id = ? and title = ?", drafts))
                .as("answered drafts missing after the crash (of %d)", drafts.size()).isEmpty();
        assertThat(missing("select d.id from review_decision d join draft r on r.id = d.draft_id where d.id = ? and r.title = ?", decisions))
                .as("answered decisions missing after the crash (of %d)", decisions.size()).isEmpty();
        // and the audit chain is whole
        as("admin").get("/api/v1/audit/verify").then().statusCode(200).body("ok", equalTo(true));

        // connections that went through the crash are of no use to later tests of this service instance
        dataSource.flush(AgroalDataSource.FlushMode.GRACEFUL);
    }

    private void work() throws Exception {
        for (int attempt = 0; attempt < MAX_ATTEMPTS_PER_WORKER && answeredAfterKill.get() < ANSWERED_AFTER_KILL; attempt++) {
            String title = unique("通知");
            Response created = as("editor").contentType("application/json").body(draft(title, unique(CLEAN)))
                    .post("/api/v1/drafts");
            if (created.statusCode() != 201) {
                pauseAfterFailure();
                continue;
            }
            long id = created.jsonPath().getLong("id");
            drafts.add(new Answered(id, title));
            answered();
            if (drafts.size() >= ANSWERED_BEFORE_KILL && killed.compareAndSet(false, true)) {
                // right after a commit was answered
                assertThat(backend.destroyForcibly()).as("SIGKILL to the backend").isTrue();
                // the stopped writers would hold up the crash restart until the postmaster kills them
                writers.forEach(ProcessHandle::destroyForcibly);
            }
            Response decided = approve(as("reviewer"), id, created.jsonPath().getString("contentHash")).extract().response();
            if (decided.statusCode() == 201) {
                decisions.add(new Answered(decided.jsonPath().getLong("decisionId"), title));
                answered();
            } else {
                pauseAfterFailure();
            }
        }
    }

    private void answered() {
        if (killed.get()) {
            answeredAfterKill.incrementAndGet();
        }
    }

    private void pauseAfterFailure() throws InterruptedException {
        if (killed.get()) {
            failedAfterKill.incrementAndGet();
        }
        Thread.sleep(100);
    }

    /** A server process of one type (and user), chosen before the load so the kill itself takes microseconds. */
    private static ProcessHandle serverProcess(String type, String user) throws SQLException {
        try (Connection c = EmbeddedPostgresResource.superuser();
             PreparedStatement q = c.prepareStatement("""
                     select pid from pg_stat_activity
                      where backend_type = ? and (?::text is null or usename = ?)
                      order by backend_start desc limit 1""")) {
            q.setString(1, type);
            q.setString(2, user);
            q.setString(3, user);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).as(type).isTrue();
                ProcessHandle p = ProcessHandle.of(rs.getLong(1)).orElseThrow();
                assertThat(p.info().command().orElse("")).contains("postgres");
                return p;
            }
        }
    }

    private static void signal(ProcessHandle p, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -" + signal).isZero();
    }

    /** The ids whose row (with that title) is not in the database. */
    private static List<Long> missing(String query, Queue<Answered> rows) throws SQLException {
        List<Long> missing = new ArrayList<>();
        try (Connection c = EmbeddedPostgresResource.superuser(); PreparedStatement q = c.prepareStatement(query)) {
            for (Answered row : rows) {
                q.setLong(1, row.id());
                q.setString(2, row.title());
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) {
                        missing.add(row.id());
                    }
                }
            }
        }
        return missing;
    }
}
