package cn.disclosure.review.audit;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/**
 * Signed checkpoints against an attacker who is a database superuser: deleting the tail, truncating
 * the log, forging checkpoint rows — all with the triggers out of the way — is reported by
 * GET /api/v1/audit/verify. Every test puts the database back as it found it (the test database is
 * shared by the whole run).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class AuditCheckpointTest {

    @Inject
    AuditLog audit;
    @ConfigProperty(name = "review.audit.checkpoint.file")
    String checkpointFile;
    @ConfigProperty(name = "review.audit.checkpoint.every")
    long every;

    record Entry(long seq, String hash, OffsetDateTime at) {
    }

    private static Entry head() throws SQLException {
        try (Connection c = EmbeddedPostgresResource.superuser(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select seq, hash, at from audit_entry order by seq desc limit 1")) {
            return r.next() ? new Entry(r.getLong(1), r.getString(2), r.getObject(3, OffsetDateTime.class)) : null;
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = EmbeddedPostgresResource.superuser(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private void appendSome(int n) {
        for (int i = 0; i < n; i++) {
            audit.append("TEST_EVENT", "tester", "test", "cp-" + i, Map.of("n", i));
        }
    }

    private static JsonPath checkpointNow() {
        return as("office").post("/api/v1/audit/checkpoints").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath verify() {
        return as("admin").get("/api/v1/audit/verify").then().statusCode(200).extract().jsonPath();
    }

    private static void assertWhole() {
        JsonPath v = verify();
        assertThat(v.getBoolean("ok")).as(v.prettify()).isTrue();
        assertThat(v.getList("checkpointIssues")).isEmpty();
    }

    @Test
    void aCheckpointCoversTheNewestCommittedEntryAndIsKeptInTheDatabaseTheFileAndMemory() throws Exception {
        appendSome(3);
        Entry head = head();
        JsonPath cp = checkpointNow();
        assertThat(cp.getLong("seq")).isEqualTo(head.seq());
        assertThat(cp.getString("hash")).isEqualTo(head.hash());
        assertThat(Instant.parse(cp.getString("entryAt"))).isEqualTo(head.at().toInstant());
        assertThat(cp.getString("format")).isEqualTo(Checkpoint.FORMAT);

        // Nothing new: the same checkpoint again, no second one.
        assertThat(checkpointNow().getString("signature")).isEqualTo(cp.getString("signature"));
        as("leader").get("/api/v1/audit/checkpoints/latest").then().statusCode(200)
                .body("seq", equalTo((int) head.seq())).body("signature", equalTo(cp.getString("signature")));

        assertThat(count("select count(*) from audit_checkpoint where seq = " + head.seq())).isEqualTo(1);
        assertThat(Files.readAllLines(Path.of(checkpointFile))).anySatisfy(l -> assertThat(l).contains("\"seq\":" + head.seq() + ","));
        JsonPath v = verify();
        assertThat(v.getBoolean("ok")).isTrue();
        assertThat(v.getLong("checkpoint.seq")).isEqualTo(head.seq());
        assertThat(v.getString("checkpoint.keyId")).isEqualTo(cp.getString("keyId"));
        assertThat(v.getList("checkpoint.sources", String.class)).containsExactlyInAnyOrder("memory", "file", "database");

        // The exported public key verifies the exported checkpoint.
        List<Map<String, Object>> keys = as("office").get("/api/v1/audit/public-keys").then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Object> signing = keys.stream().filter(k -> Boolean.TRUE.equals(k.get("signing"))).findFirst().orElseThrow();
        assertThat(signing.get("keyId")).isEqualTo(cp.getString("keyId"));
        assertThat(CheckpointKeys.keyId(CheckpointKeys.publicKey((String) signing.get("publicKey")))).isEqualTo(cp.getString("keyId"));
        assertThat(keys).extracting(k -> k.get("keyId"))
                .contains(CheckpointKeys.keyId(CheckpointKeys.publicKey(TestCheckpointKeys.OLD_PUBLIC)));
    }

    @Test
    void everyNEntriesTheBackgroundThreadSignsACheckpointOnItsOwn() throws Exception {
        long start = head().seq();
        appendSome((int) every + 1);
        long target = (start + every + 1) / every * every;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count("select coalesce(max(seq), 0) from audit_checkpoint") < target && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(count("select coalesce(max(seq), 0) from audit_checkpoint")).isGreaterThanOrEqualTo(target);
        assertWhole();
    }

    @Test
    void aCheckpointNeverCoversAnEntryThatIsNotCommitted() throws Exception {
        appendSome(1);
        long committed = head().seq();
        CountDownLatch appended = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        class RolledBack extends RuntimeException {
        }
        // A transaction that has appended an entry and not committed yet (it holds the chain lock).
        CompletableFuture<Void> open = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
            audit.append("TEST_EVENT", "tester", "test", "uncommitted", Map.of());
            appended.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new RolledBack();
        }));
        try {
            assertThat(appended.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(checkpointNow().getLong("seq")).isEqualTo(committed);
        } finally {
            release.countDown();
            assertThatThrownBy(() -> open.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(RolledBack.class);
        }
        assertThat(head().seq()).isEqualTo(committed);
        assertWhole();
    }

    @Test
    void aTailDeletedBySuperuserWithTriggersDisabledIsReportedEvenWithTheCheckpointRowsGone() throws Exception {
        appendSome(5);
        long signed = checkpointNow().getLong("seq");
        long keep = signed - 3;
        try (Connection c = EmbeddedPostgresResource.superuser(); Statement s = c.createStatement()) {
            s.execute("set session_replication_role = replica");
            s.execute("create temp table saved_entries as select * from audit_entry where seq > " + keep);
            s.execute("create temp table saved_checkpoints as select * from audit_checkpoint");
            try {
                s.executeUpdate("delete from audit_entry where seq > " + keep);
                s.executeUpdate("delete from audit_checkpoint");

                JsonPath v = verify();
                assertThat(v.getBoolean("ok")).isFalse();
                assertThat(v.getLong("length")).isEqualTo(keep);
                assertThat(v.getLong("brokenAt")).isEqualTo(keep + 1);
                assertThat(v.getString("reason")).isEqualTo("审计日志尾部缺失：签名检查点记录到第 " + signed + " 条，现仅有 " + keep + " 条");
                assertThat(v.getLong("checkpoint.seq")).isEqualTo(signed);
                // The database no longer has it; the file outside it and memory still do.
                assertThat(v.getList("checkpoint.sources", String.class)).containsExactlyInAnyOrder("memory", "file");

                // Nor is the shortened chain signed now.
                as("admin").post("/api/v1/audit/checkpoints").then().statusCode(409).body("code", equalTo("checkpoint-refused"));
            } finally {
                // Lines appended meanwhile (e.g. an audit line for the refused request) go first.
                s.executeUpdate("delete from audit_entry where seq > " + keep);
                s.executeUpdate("delete from audit_checkpoint");
                s.executeUpdate("insert into audit_entry select * from saved_entries");
                s.executeUpdate("insert into audit_checkpoint select * from saved_checkpoints");
            }
        }
        assertWhole();
    }

    @Test
    void aReplacedTailIsReportedAtTheCheckpointedEntry() throws Exception {
        appendSome(2);
        long signed = checkpointNow().getLong("seq");
        try (Connection c = EmbeddedPostgresResource.superuser(); Statement s = c.createStatement()) {
            s.execute("set session_replication_role = replica");
            s.execute("create temp table saved_entry as select * from audit_entry where seq = " + signed);
            try {
                // A consistent rewrite of the last entry: new details, hash recomputed, so the chain alone is whole.
                AuditEntry e = QuarkusTransaction.requiringNew().call(() -> AuditEntry.<AuditEntry>findById(signed));
                e.details = "{\"n\":999}";
                String rewritten = AuditLog.hashOf(e);
                try (PreparedStatement p = c.prepareStatement("update audit_entry set details = ?, hash = ? where seq = ?")) {
                    p.setString(1, e.details);
                    p.setString(2, rewritten);
                    p.setLong(3, signed);
                    p.executeUpdate();
                }
                JsonPath v = verify();
                assertThat(v.getBoolean("ok")).isFalse();
                assertThat(v.getLong("brokenAt")).isEqualTo(signed);
                assertThat(v.getString("reason")).contains("签名检查点");
            } finally {
                s.executeUpdate("delete from audit_entry where seq = " + signed);
                s.executeUpdate("insert into audit_entry select * from saved_entry");
            }
        }
        assertWhole();
    }

    @Test
    void aTruncatedLogIsReportedAndTruncateNeedsTheTriggersDisabledFirst() throws Exception {
        appendSome(2);
        long signed = checkpointNow().getLong("seq");
        try (Connection c = EmbeddedPostgresResource.superuser(); Statement s = c.createStatement()) {
            // Even a superuser's TRUNCATE is refused while the triggers are in force.
            assertThatThrownBy(() -> s.execute("truncate audit_entry")).isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.execute("truncate audit_checkpoint")).isInstanceOf(SQLException.class).hasMessageContaining("insert-only");

            s.execute("set session_replication_role = replica");
            s.execute("create temp table saved_entries as select * from audit_entry");
            s.execute("create temp table saved_checkpoints as select * from audit_checkpoint");
            try {
                s.execute("truncate audit_entry, audit_checkpoint");
                JsonPath v = verify();
                assertThat(v.getBoolean("ok")).isFalse();
                assertThat(v.getLong("length")).isZero();
                assertThat(v.getLong("brokenAt")).isEqualTo(1);
                assertThat(v.getString("reason")).isEqualTo("审计日志尾部缺失：签名检查点记录到第 " + signed + " 条，现仅有 0 条");
                as("office").get("/api/v1/audit/checkpoints/latest").then().statusCode(200).body("seq", equalTo((int) signed));
                as("admin").post("/api/v1/audit/checkpoints").then().statusCode(409).body("code", equalTo("checkpoint-refused"));
            } finally {
                s.execute("truncate audit_entry, audit_checkpoint");
                s.executeUpdate("insert into audit_entry select * from saved_entries");
                s.executeUpdate("insert into audit_checkpoint select * from saved_checkpoints");
            }
        }
        assertWhole();
    }

    @Test
    void checkpointRowsForgedBySuperuserAreReported() throws Exception {
        appendSome(1);
        Entry head = head();
        CheckpointKeys current = TestCheckpointKeys.signingWith(TestCheckpointKeys.CURRENT_PRIVATE);
        Checkpoint genuine = current.sign(head.seq(), head.hash(), head.at().toInstant(), Instant.now());
        byte[] sig = Base64.getDecoder().decode(genuine.signature());
        sig[0] ^= 0x40;
        String badSignature = Base64.getEncoder().encodeToString(sig);
        // Claims far more entries than exist: if it were believed, the tail would look deleted.
        Checkpoint inflated = new Checkpoint(Checkpoint.FORMAT, head.seq() + 1000, head.hash(), genuine.entryAt(), genuine.createdAt(),
                genuine.keyId(), genuine.signature());
        Checkpoint untrusted = TestCheckpointKeys.signingWith(TestCheckpointKeys.freshPrivateKey())
                .sign(head.seq(), head.hash(), head.at().toInstant(), Instant.now());

        try (Connection c = EmbeddedPostgresResource.superuser()) {
            long badId = insert(c, new Checkpoint(genuine.format(), genuine.seq(), genuine.hash(), genuine.entryAt(),
                    genuine.createdAt(), genuine.keyId(), badSignature));
            try {
                JsonPath v = verify();
                assertThat(v.getBoolean("ok")).isFalse();
                assertThat(v.<Object>get("brokenAt")).isNull();
                assertThat(v.getString("reason")).contains("无效的签名检查点").contains("id " + badId).contains("签名无效");
                assertThat(v.getList("checkpointIssues.source", String.class)).containsExactly("database");
            } finally {
                delete(c, badId);
            }
            assertWhole();

            long inflatedId = insert(c, inflated);
            long untrustedId = insert(c, untrusted);
            try {
                JsonPath v = verify();
                assertThat(v.getBoolean("ok")).isFalse();
                assertThat(v.getString("reason")).doesNotContain("尾部缺失").contains("2 个无效的签名检查点");
                assertThat(v.getList("checkpointIssues.problem", String.class))
                        .containsExactly("签名无效", "签名密钥不在受信任的公钥列表中");
                assertThat(v.getList("checkpointIssues.seq", Long.class)).containsExactly(head.seq() + 1000, head.seq());
                assertThat(v.getLong("checkpoint.seq")).isLessThanOrEqualTo(head.seq());
            } finally {
                delete(c, inflatedId);
                delete(c, untrustedId);
            }
        }
        assertWhole();
    }

    @Test
    void aForgedLineInTheCheckpointFileIsReported() throws Exception {
        appendSome(1);
        Entry head = head();
        Checkpoint genuine = TestCheckpointKeys.signingWith(TestCheckpointKeys.CURRENT_PRIVATE)
                .sign(head.seq(), head.hash(), head.at().toInstant(), Instant.now());
        Checkpoint forged = new Checkpoint(Checkpoint.FORMAT, head.seq() + 5, genuine.hash(), genuine.entryAt(), genuine.createdAt(),
                genuine.keyId(), genuine.signature());
        Path file = Path.of(checkpointFile);
        long size = Files.size(file);
        Files.writeString(file, CheckpointFile.toJson(forged) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try {
            JsonPath v = verify();
            assertThat(v.getBoolean("ok")).isFalse();
            assertThat(v.getList("checkpointIssues.source", String.class)).containsExactly("file");
            assertThat(v.getList("checkpointIssues.problem", String.class)).containsExactly("签名无效");
        } finally {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(size);
            }
        }
        assertWhole();
    }

    @Test
    void checkpointsSignedByTheKeyUsedBeforeARotationStillVerify() throws Exception {
        appendSome(1);
        Entry head = head();
        CheckpointKeys beforeRotation = TestCheckpointKeys.signingWith(TestCheckpointKeys.OLD_PRIVATE);
        Checkpoint old = beforeRotation.sign(head.seq(), head.hash(), head.at().toInstant(), Instant.now());
        try (Connection c = EmbeddedPostgresResource.superuser()) {
            long id = insert(c, old);
            try {
                // The service signs with another key now, and trusts this one (review.audit.trusted-keys).
                JsonPath v = verify();
                assertThat(v.getBoolean("ok")).as(v.prettify()).isTrue();
                assertThat(v.getList("checkpointIssues")).isEmpty();
                assertThat(v.getLong("checkpoint.seq")).isEqualTo(head.seq());
                assertThat(old.keyId()).isNotEqualTo(checkpointNow().getString("keyId"));
            } finally {
                delete(c, id);
            }
        }
        assertWhole();
    }

    @Test
    void theEntriesExportIsPagedAndHoldsOnlyTheRowsFields() throws Exception {
        appendSome(3);
        long last = head().seq();
        String page = as("office").get("/api/v1/audit/entries?from=1&limit=2").then().statusCode(200)
                .header("Link", "</api/v1/audit/entries?from=3&limit=2>; rel=\"next\"")
                .contentType(org.hamcrest.Matchers.startsWith("application/x-ndjson")).extract().asString();
        String[] lines = page.split("\n");
        assertThat(lines).hasSize(2);
        JsonPath first = JsonPath.from(lines[0]);
        assertThat(first.getMap("$").keySet())
                .containsExactly("seq", "at", "actor", "action", "subjectType", "subjectId", "details", "prevHash", "hash");
        assertThat(first.getString("prevHash")).isEqualTo(AuditLog.GENESIS);
        assertThat(JsonPath.from(lines[1]).getString("prevHash")).isEqualTo(first.getString("hash"));

        String tail = as("admin").get("/api/v1/audit/entries?from=" + (last - 1) + "&to=" + last).then().statusCode(200)
                .extract().asString();
        assertThat(tail.split("\n")).hasSize(2);
        as("admin").get("/api/v1/audit/entries?from=" + (last - 1) + "&to=" + last + "&limit=2").then().statusCode(200)
                .header("Link", org.hamcrest.Matchers.nullValue());

        as("admin").get("/api/v1/audit/entries?from=0").then().statusCode(400).body("code", equalTo("invalid-range"));
        as("admin").get("/api/v1/audit/entries?from=5&to=4").then().statusCode(400).body("code", equalTo("invalid-range"));
        as("admin").get("/api/v1/audit/entries?limit=10001").then().statusCode(400).body("code", equalTo("invalid-limit"));
        as("admin").get("/api/v1/audit/entries?from=abc").then().statusCode(400).body("code", equalTo("invalid-range"));
    }

    private static long insert(Connection c, Checkpoint cp) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("insert into audit_checkpoint (seq, entry_hash, entry_at, created_at, key_id, signature) "
                + "values (?, ?, ?::timestamptz, ?::timestamptz, ?, ?) returning id")) {
            p.setLong(1, cp.seq());
            p.setString(2, cp.hash());
            p.setString(3, cp.entryAt());
            p.setString(4, cp.createdAt());
            p.setString(5, cp.keyId());
            p.setString(6, cp.signature());
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void delete(Connection c, long id) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("set session_replication_role = replica");
            s.executeUpdate("delete from audit_checkpoint where id = " + id);
            s.execute("set session_replication_role = origin");
        }
    }
}
