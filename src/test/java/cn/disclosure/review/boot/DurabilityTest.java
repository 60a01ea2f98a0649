package cn.disclosure.review.boot;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static cn.disclosure.review.intake.DraftFixtures.CLEAN;
import static cn.disclosure.review.intake.DraftFixtures.approve;
import static cn.disclosure.review.intake.DraftFixtures.draft;
import static cn.disclosure.review.intake.DraftFixtures.unique;
import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A PostgreSQL backend serving the service is killed (kill -9) while drafts and decisions are being
 * written through the API. The postmaster then ends every backend and recovers from the WAL; every
 * request that was answered 2xx before must still be in the database, and the service must serve
 * again afterwards. With {@code synchronous_commit = off} (the previous embedded defaults) answered
 * drafts are lost here: their commit records were still in shared memory when the backends died.
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

    private final Set<Long> drafts = ConcurrentHashMap.newKeySet();
    private final Set<Long> decisions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean killed = new AtomicBoolean();
    private final AtomicLong killedPid = new AtomicLong();
    private final AtomicInteger answeredAfterKill = new AtomicInteger();
    private final AtomicInteger failedAfterKill = new AtomicInteger();

    @Test
    void everyAnsweredWriteSurvivesAKilledBackendAndTheServiceServesAgain() throws Exception {
        try (Connection witness = EmbeddedPostgresResource.superuser()) {
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
            }

            assertThat(killed).as("a backend was killed").isTrue();
            assertThat(ProcessHandle.of(killedPid.get()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            // the postmaster ended every backend, this idle one too: a crash, not one lost connection
            assertThat(witness.isValid(5)).isFalse();
        }
        // the service serves again
        assertThat(answeredAfterKill.get()).as("answered after the kill (%d failed meanwhile)", failedAfterKill.get())
                .isGreaterThanOrEqualTo(ANSWERED_AFTER_KILL);

        // every answered write is there
        assertThat(missing("draft", drafts)).as("answered drafts missing after the crash").isEmpty();
        assertThat(missing("review_decision", decisions)).as("answered decisions missing after the crash").isEmpty();
        // and the audit chain is whole
        as("admin").get("/api/v1/audit/verify").then().statusCode(200).body("ok", equalTo(true));

        // connections that went through the crash are of no use to later tests of this service instance
        dataSource.flush(AgroalDataSource.FlushMode.GRACEFUL);
    }

    private void work() throws Exception {
        for (int attempt = 0; attempt < MAX_ATTEMPTS_PER_WORKER && answeredAfterKill.get() < ANSWERED_AFTER_KILL; attempt++) {
            Response created = as("editor").contentType("application/json").body(draft(unique("通知"), unique(CLEAN)))
                    .post("/api/v1/drafts");
            if (created.statusCode() != 201) {
                pauseAfterFailure();
                continue;
            }
            long id = created.jsonPath().getLong("id");
            drafts.add(id);
            answered();
            if (drafts.size() >= ANSWERED_BEFORE_KILL && killed.compareAndSet(false, true)) {
                // right after a commit was answered: with asynchronous commit it is not on disk yet
                killABackendOfTheService();
            }
            Response decided = approve(as("reviewer"), id, created.jsonPath().getString("contentHash")).extract().response();
            if (decided.statusCode() == 201) {
                decisions.add(decided.jsonPath().getLong("decisionId"));
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

    private void killABackendOfTheService() throws SQLException {
        long pid;
        try (Connection c = EmbeddedPostgresResource.superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     select pid from pg_stat_activity
                      where usename = 'review_app' and backend_type = 'client backend'
                      order by (state <> 'idle') desc, backend_start desc limit 1""")) {
            assertThat(rs.next()).as("a backend of the service").isTrue();
            pid = rs.getLong(1);
        }
        killedPid.set(pid);
        ProcessHandle backend = ProcessHandle.of(pid).orElseThrow();
        assertThat(backend.info().command().orElse("")).contains("postgres");
        backend.destroyForcibly(); // SIGKILL
    }

    private static Set<Long> missing(String table, Set<Long> ids) throws SQLException {
        Set<Long> found = new HashSet<>();
        try (Connection c = EmbeddedPostgresResource.superuser();
             PreparedStatement q = c.prepareStatement("select id from " + table + " where id = any(?)")) {
            Array array = c.createArrayOf("bigint", ids.toArray());
            q.setArray(1, array);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getLong(1));
                }
            }
        }
        Set<Long> missing = new HashSet<>(ids);
        missing.removeAll(found);
        return missing;
    }
}
