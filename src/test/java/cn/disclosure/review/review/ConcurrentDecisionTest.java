package cn.disclosure.review.review;

import cn.disclosure.review.identity.TestTokens;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static cn.disclosure.review.intake.DraftFixtures.CLEAN;
import static cn.disclosure.review.intake.DraftFixtures.submitClean;
import static cn.disclosure.review.intake.DraftFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two reviewers of the same department approve the same step at the same moment: exactly one decision. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class ConcurrentDecisionTest {

    @Test
    void twoConcurrentApprovalsOfTheSameStepYieldExactlyOneDecision() throws Exception {
        String tokenA = TestTokens.token("rev-a", "办公室", "DEPT_REVIEWER");
        String tokenB = TestTokens.token("rev-b", "办公室", "DEPT_REVIEWER");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                JsonPath created = submitClean(unique(CLEAN));
                long id = created.getLong("id");
                String body = "{\"decision\":\"APPROVE\",\"opinion\":\"同意\",\"contentHash\":\"" + created.getString("contentHash") + "\"}";
                // the test holds the draft's row lock while both requests arrive: each must wait for it
                // (a decision path without the row lock would not wait, and the overlap check below fails)
                List<Integer> statuses = new ArrayList<>();
                String loserCode = null;
                try (Connection holder = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl())) {
                    holder.setAutoCommit(false);
                    try (PreparedStatement lock = holder.prepareStatement("select id from draft where id = ? for update")) {
                        lock.setLong(1, id);
                        lock.executeQuery().close();
                    }
                    List<Future<Response>> answers = new ArrayList<>();
                    for (String token : List.of(tokenA, tokenB)) {
                        answers.add(pool.submit(() -> given().auth().oauth2(token).contentType("application/json").body(body)
                                .post("/api/v1/drafts/" + id + "/decisions")));
                    }
                    awaitWaitersOnDraftLock(2);
                    holder.rollback();
                    for (Future<Response> f : answers) {
                        Response r = f.get();
                        statuses.add(r.statusCode());
                        if (r.statusCode() != 201) {
                            loserCode = r.jsonPath().getString("code");
                        }
                    }
                }
                assertThat(statuses).containsExactlyInAnyOrder(201, 409);
                assertThat(loserCode).isEqualTo("step-already-decided");
                assertThat(decisionsOnStep(id, 1)).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theDatabaseItselfRefusesASecondDecisionOnAStepAndAnyChangeToADecision() throws Exception {
        JsonPath created = submitClean(unique(CLEAN));
        long id = created.getLong("id");
        given().auth().oauth2(TestTokens.token("rev-c", "办公室", "DEPT_REVIEWER")).contentType("application/json")
                .body("{\"decision\":\"APPROVE\",\"contentHash\":\"" + created.getString("contentHash") + "\"}")
                .post("/api/v1/drafts/" + id + "/decisions").then().statusCode(201);
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl()); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("insert into review_decision (draft_id, revision_id, step, role, actor, decision,"
                    + " content_hash, decided_at) select draft_id, revision_id, step, role, 'rev-d', 'APPROVE', content_hash, now()"
                    + " from review_decision where draft_id = " + id))
                    .isInstanceOf(SQLException.class).hasMessageContaining("review_decision_one_per_step");
            assertThatThrownBy(() -> s.executeUpdate("update review_decision set decision = 'REJECT' where draft_id = " + id))
                    .isInstanceOf(SQLException.class).hasMessageContaining("insert-only");
            assertThatThrownBy(() -> s.executeUpdate("update draft_revision set body = 'x' where draft_id = " + id))
                    .isInstanceOf(SQLException.class).hasMessageContaining("insert-only");
        }
    }

    /** Waits until {@code n} backends wait for a row lock of table draft (both requests are in flight together). */
    private static void awaitWaitersOnDraftLock(int n) throws Exception {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
             PreparedStatement s = c.prepareStatement("select count(distinct a.pid) from pg_stat_activity a"
                     + " where a.wait_event_type = 'Lock' and a.query ilike '%from draft%for%update%'")) {
            while (true) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= n) {
                        return;
                    }
                }
                if (System.nanoTime() > until) {
                    throw new AssertionError("the two decisions never both waited for the draft's row lock");
                }
                Thread.sleep(20);
            }
        }
    }

    private static int decisionsOnStep(long draftId, int step) throws SQLException {
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresResource.jdbcUrl());
             PreparedStatement s = c.prepareStatement("select count(*) from review_decision where draft_id = ? and step = ?")) {
            s.setLong(1, draftId);
            s.setInt(2, step);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
