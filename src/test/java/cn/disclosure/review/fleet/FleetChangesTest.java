package cn.disclosure.review.fleet;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The change notifications on the service's own database: a replacement announces itself to other
 * sessions on commit, a version stored behind this instance's back (as another instance would) is in
 * force as soon as its notification arrives — long before the 30 s periodic refresh — and payloads
 * that are not ours cause a re-read at most. The two-instance test is {@code FleetIT} (packaged app).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class FleetChangesTest {
    private static final String TSV = "text/tab-separated-values; charset=UTF-8";

    @Inject
    ChangeListener listener;

    private static String verdict(String text) {
        return as("cms").contentType(ContentType.JSON).body(Map.of("text", text, "channel", "WEBSITE"))
                .post("/api/v1/check").then().statusCode(200).extract().path("verdict");
    }

    @Test
    void aReplacementIsAnnouncedToOtherSessionsOnCommit() throws Exception {
        String name = "fleet-announce-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = EmbeddedPostgresResource.application()) {
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN review_changes");
            }
            PGConnection pg = c.unwrap(PGConnection.class);
            as("admin").contentType(TSV).body("防汛演练\tBLOCK\n").put("/api/v1/lexicons/" + name).then().statusCode(200);
            List<String> payloads = receive(pg, p -> p.equals("lexicon:" + name + ":1"));
            assertThat(payloads).contains("lexicon:" + name + ":1");
            // names and numbers only, never terms
            assertThat(String.join("\n", payloads)).doesNotContain("防汛演练");
        }
    }

    @Test
    void aVersionStoredByAnotherInstanceIsInForceWhenItsNotificationArrives() throws Exception {
        assertThat(listener.connected()).isTrue();
        String name = "fleet-other-" + UUID.randomUUID().toString().substring(0, 8);
        String text = "本周开展了秋季森林防火巡查工作。";
        assertThat(verdict(text)).isEqualTo("PASS");
        long t0 = System.nanoTime();
        // what another instance's LexiconService does: the row and pg_notify in one transaction
        try (Connection c = EmbeddedPostgresResource.application()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("insert into lexicon_version "
                    + "(name, version, kind, term_count, content, sha256, source, created_at, created_by) "
                    + "values (?, 1, 'TERMS', 1, ?, ?, 'API', now(), 'other-instance')")) {
                String content = "森林防火巡查\tBLOCK\n";
                insert.setString(1, name);
                insert.setString(2, content);
                insert.setString(3, cn.disclosure.review.core.Sha256.hex(content));
                insert.executeUpdate();
            }
            try (PreparedStatement notify = c.prepareStatement("select pg_notify('review_changes', ?)")) {
                notify.setString(1, "lexicon:" + name + ":1");
                notify.execute();
            }
            // not yet committed: nothing may be in force (a notification of a rolled-back change is never sent)
            Thread.sleep(300);
            assertThat(verdict(text)).isEqualTo("PASS");
            c.commit();
        }
        String v = awaitVerdict(text, "BLOCK", Duration.ofSeconds(5));
        long millis = (System.nanoTime() - t0) / 1_000_000 - 300;
        assertThat(v).as("in force well before the periodic refresh (30 s)").isEqualTo("BLOCK");
        System.out.printf("fleet: a version stored elsewhere was in force here after about %d ms%n", millis);
    }

    @Test
    void aForeignOrMalformedPayloadOnlyCausesARereadAndTheListenerKeepsWorking() throws Exception {
        try (Connection c = EmbeddedPostgresResource.application(); Statement s = c.createStatement()) {
            for (String payload : List.of("", ":", "lexicon", "lexicon:", "lexicon:no-such-lexicon:99",
                    "lexicon:../../etc:1", "unknown-topic:x", "x".repeat(6000))) {
                try (PreparedStatement notify = c.prepareStatement("select pg_notify('review_changes', ?)")) {
                    notify.setString(1, payload);
                    notify.execute();
                }
            }
        }
        // what the database holds stays in force, and a real change still gets through
        assertThat(verdict("本项目标底为1200万元")).isEqualTo("BLOCK");
        String name = "fleet-after-noise-" + UUID.randomUUID().toString().substring(0, 8);
        as("admin").contentType(TSV).body("抗旱保苗\tBLOCK\n").put("/api/v1/lexicons/" + name).then().statusCode(200);
        assertThat(verdict("各地抗旱保苗。")).isEqualTo("BLOCK");
        assertThat(listener.connected()).isTrue();
    }

    @Test
    void payloadsAreTopicColonDetailAndBounded() {
        assertThat(FleetChanges.payload("lexicon", "a:3")).isEqualTo("lexicon:a:3");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FleetChanges.payload("a:b", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FleetChanges.payload("lexicon", "字".repeat(3000)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String awaitVerdict(String text, String expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        String v = verdict(text);
        while (!expected.equals(v) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            v = verdict(text);
        }
        return v;
    }

    private static List<String> receive(PGConnection pg, java.util.function.Predicate<String> until) throws Exception {
        List<String> out = new CopyOnWriteArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            PGNotification[] ns = pg.getNotifications(200);
            if (ns != null) {
                for (PGNotification n : ns) {
                    out.add(n.getParameter());
                }
            }
            if (out.stream().anyMatch(until)) {
                return new ArrayList<>(out);
            }
        }
        fail("no notification within 10 s: " + out);
        return out;
    }
}
