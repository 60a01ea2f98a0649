package cn.disclosure.review.fleet;

import cn.disclosure.review.boot.EmbeddedDatabase;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Two instances of the packaged service ({@code target/quarkus-app/quarkus-run.jar}, built by
 * {@code mvn package}; this test runs in the integration-test phase) as child processes on
 * loopback ports, both on one real PostgreSQL (the test database of this JVM): a lexicon replaced
 * on one is in force on the other at once (the bound asserted here is a loose 5 s liveness bound; the
 * measured figures go to {@code target/fleet-it/propagation.txt} and docs/deploy.md), and two
 * replacements of one lexicon at the same moment give one 200 and one 409 {@code lexicon-changed},
 * never a 500, with no trace of the refused one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {
    private static final String TSV = "text/tab-separated-values; charset=UTF-8";
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    private static final Path WORK = Path.of("target", "fleet-it").toAbsolutePath();
    /** Public test keys (the same as the test profile's), the same on both instances as in a real fleet. */
    private static final String AUDIT_KEY = "MC4CAQAwBQYDK2VwBCIEIDU6W5MJRYF17NpeuN2uyCx3cwDQ2yd3s2IxRnX4NCi0";
    private static final String AUDIT_PUBLIC = "MCowBQYDK2VwAyEAQTO5L5LWAO9ApgCOzKvnyxUVTRahFNAEjcit+PIOol8=";
    private static final String WEBHOOK_KEY = "dGVzdC1vbmx5LXdlYmhvb2sta2V5LTMyLWJ5dGVzISE=";
    private static final String SESSION_KEY = "fleet-it-session-key-not-a-secret-0123456789";

    private static final List<Instance> instances = new ArrayList<>();

    private record Instance(String name, Process process, int port, Path log) {
        RequestSpecification as(String user) {
            return RestAssured.given().baseUri("http://127.0.0.1").port(port).auth().preemptive().basic(user, user);
        }
    }

    @BeforeAll
    static void startTwoInstances() throws Exception {
        assertThat(JAR).as("the packaged service (mvn package) must exist before this test").exists();
        EmbeddedDatabase.Running db = EmbeddedPostgresResource.running();
        Files.createDirectories(WORK);
        // one after the other: the first start migrates and stores the starting lexicons and demo accounts
        instances.add(start("a", db));
        awaitReady(instances.get(0));
        instances.add(start("b", db));
        awaitReady(instances.get(1));
    }

    @AfterAll
    static void stopInstances() throws InterruptedException {
        for (Instance i : instances) {
            i.process().destroy();
        }
        for (Instance i : instances) {
            if (!i.process().waitFor(30, TimeUnit.SECONDS)) {
                i.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    @Order(1)
    void aLexiconReplacedOnOneInstanceIsInForceOnTheOther() throws Exception {
        Instance a = instances.get(0);
        Instance b = instances.get(1);
        String name = "fleet-it-" + UUID.randomUUID().toString().substring(0, 8);
        String[] terms = {"秋季防汛检查", "冬季森林防火", "春耕物资调运", "夏粮收购进度", "城乡供水保障", "应急物资储备"};
        List<Long> millis = new ArrayList<>();
        for (int round = 0; round < terms.length; round++) {
            Instance writer = round % 2 == 0 ? a : b;
            Instance reader = round % 2 == 0 ? b : a;
            String text = "本月开展了" + terms[round] + "工作。";
            assertThat(verdict(reader, text)).isEqualTo("PASS");
            long t0 = System.nanoTime();
            writer.as("admin").contentType(TSV).body(terms[round] + "\tBLOCK\n").put("/api/v1/lexicons/" + name)
                    .then().statusCode(200);
            long answered = System.nanoTime();
            String v = verdict(reader, text);
            while (!"BLOCK".equals(v) && System.nanoTime() - answered < Duration.ofSeconds(5).toNanos()) {
                Thread.sleep(10);
                v = verdict(reader, text);
            }
            long ms = (System.nanoTime() - answered) / 1_000_000;
            assertThat(v).as("round %d: in force on %s within the liveness bound (measured %d ms after the PUT answered)",
                    round, reader.name(), ms).isEqualTo("BLOCK");
            millis.add(ms);
            if (round > 0) {
                // the previous version is out of force on both instances
                String previous = "本月开展了" + terms[round - 1] + "工作。";
                assertThat(verdict(reader, previous)).isEqualTo("PASS");
                assertThat(verdict(writer, previous)).isEqualTo("PASS");
            }
            System.out.printf("fleet: round %d, PUT on %s answered after %d ms, in force on %s %d ms later%n", round,
                    writer.name(), (answered - t0) / 1_000_000, reader.name(), ms);
        }
        Files.writeString(WORK.resolve("propagation.txt"), "milliseconds from the PUT's answer on one instance until "
                + "POST /api/v1/check on the other returned BLOCK: " + millis + System.lineSeparator(), StandardCharsets.UTF_8);
    }

    @Test
    @Order(2)
    void twoInstancesReplacingOneLexiconAtOnceGiveOne200AndOne409() throws Exception {
        Instance a = instances.get(0);
        Instance b = instances.get(1);
        String name = "fleet-race-" + UUID.randomUUID().toString().substring(0, 8);
        // large enough that compiling keeps each store transaction open for a while: the window in
        // which both read the same newest version and insert the next one
        String bulk = syntheticTerms(40_000);
        a.as("admin").contentType(TSV).body(bulk).put("/api/v1/lexicons/" + name).then().statusCode(200);
        int conflicts = 0;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 8 && conflicts < 2; round++) {
                CyclicBarrier barrier = new CyclicBarrier(2);
                String bodyA = bulk + "甲方案" + round + "\tBLOCK\n";
                String bodyB = bulk + "乙方案" + round + "\tBLOCK\n";
                Future<Response> fa = pool.submit(() -> {
                    barrier.await();
                    return a.as("admin").contentType(TSV).body(bodyA).put("/api/v1/lexicons/" + name);
                });
                Future<Response> fb = pool.submit(() -> {
                    barrier.await();
                    return b.as("admin").contentType(TSV).body(bodyB).put("/api/v1/lexicons/" + name);
                });
                Response ra = fa.get(120, TimeUnit.SECONDS);
                Response rb = fb.get(120, TimeUnit.SECONDS);
                Set<Integer> codes = new HashSet<>(List.of(ra.statusCode(), rb.statusCode()));
                System.out.printf("fleet: simultaneous replacement round %d: a %d, b %d%n", round, ra.statusCode(), rb.statusCode());
                assertThat(List.of(ra.statusCode(), rb.statusCode())).as("round %d: %s / %s", round, ra.asString(), rb.asString())
                        .allMatch(c -> c == 200 || c == 409).contains(200);
                for (Response r : List.of(ra, rb)) {
                    if (r.statusCode() == 409) {
                        conflicts++;
                        assertThat(r.contentType()).startsWith("application/problem+json");
                        assertThat(r.jsonPath().getString("code")).isEqualTo("lexicon-changed");
                    }
                }
                String winner = codes.size() == 2 ? (ra.statusCode() == 200 ? bodyA : bodyB) : null;
                // both instances agree on what is in force, and it is what the database holds
                awaitSameVersion(name, a, b);
                if (winner != null) {
                    assertThat(a.as("admin").get("/api/v1/lexicons/" + name).asString()).isEqualTo(winner);
                    assertThat(b.as("admin").get("/api/v1/lexicons/" + name).asString()).isEqualTo(winner);
                    String marker = winner == bodyA ? "甲方案" + round : "乙方案" + round;
                    String loser = winner == bodyA ? "乙方案" + round : "甲方案" + round;
                    awaitVerdict(b, "关于" + marker + "的说明", "BLOCK");
                    assertThat(verdict(a, "关于" + marker + "的说明")).isEqualTo("BLOCK");
                    assertThat(verdict(a, "关于" + loser + "的说明")).isEqualTo("PASS");
                    assertThat(verdict(b, "关于" + loser + "的说明")).isEqualTo("PASS");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(conflicts).as("simultaneous replacements collided at least once in 8 rounds").isPositive();
        // a refused replacement left nothing behind: one audit line per stored version
        try (Connection c = EmbeddedPostgresResource.superuser();
             PreparedStatement versions = c.prepareStatement("select count(*), max(version) from lexicon_version where name = ?");
             PreparedStatement audit = c.prepareStatement(
                     "select count(*) from audit_entry where action = 'LEXICON_REPLACED' and subject_id = ?")) {
            versions.setString(1, name);
            audit.setString(1, name);
            try (ResultSet v = versions.executeQuery(); ResultSet l = audit.executeQuery()) {
                v.next();
                l.next();
                assertThat(v.getInt(1)).isEqualTo(v.getInt(2));
                assertThat(l.getInt(1)).isEqualTo(v.getInt(1));
            }
        }
    }

    private static void awaitSameVersion(String name, Instance a, Instance b) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            Integer va = checkedVersion(a, name);
            Integer vb = checkedVersion(b, name);
            if (va != null && va.equals(vb)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("the instances disagree on " + name + ": " + va + " / " + vb);
            }
            Thread.sleep(20);
        }
    }

    /** The version of {@code name} a check on this instance uses. */
    private static Integer checkedVersion(Instance i, String name) {
        Map<String, Integer> versions = i.as("cms").contentType(ContentType.JSON).body(Map.of("text", "无", "channel", "WEBSITE"))
                .post("/api/v1/check").then().statusCode(200).extract().path("lexiconVersions");
        return versions.get(name);
    }

    private static void awaitVerdict(Instance i, String text, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String v = verdict(i, text);
        while (!expected.equals(v) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            v = verdict(i, text);
        }
        assertThat(v).as(text + " on " + i.name()).isEqualTo(expected);
    }

    private static String verdict(Instance i, String text) {
        return i.as("cms").contentType(ContentType.JSON).body(Map.of("text", text, "channel", "WEBSITE"))
                .post("/api/v1/check").then().statusCode(200).extract().path("verdict");
    }

    /** Distinct 4–8-character terms from a seeded generator (WARN, so they never decide the verdicts above). */
    private static String syntheticTerms(int n) {
        Random random = new Random(12);
        Set<String> seen = new HashSet<>();
        StringBuilder tsv = new StringBuilder(n * 14);
        while (seen.size() < n) {
            int length = 4 + random.nextInt(5);
            StringBuilder term = new StringBuilder(length);
            for (int k = 0; k < length; k++) {
                term.append((char) (0x4E00 + random.nextInt(3000)));
            }
            if (seen.add(term.toString())) {
                tsv.append(term).append("\tINFO\n");
            }
        }
        return tsv.toString();
    }

    private static Instance start(String name, EmbeddedDatabase.Running db) throws IOException {
        Path dir = WORK.resolve("instance-" + name);
        Files.createDirectories(dir);
        int port = freePort();
        Path log = dir.resolve("service.log");
        ProcessBuilder pb = new ProcessBuilder(cn.disclosure.review.support.PackagedService.command())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        cn.disclosure.review.support.PackagedService.settings(env);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("REVIEW_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", db.application().username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", db.application().password());
        env.put("REVIEW_DB_OWNER_USERNAME", db.owner().username());
        env.put("REVIEW_DB_OWNER_PASSWORD", db.owner().password());
        env.put("REVIEW_DATA_DIR", dir.resolve("data").toString());
        env.put("QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY", dir.resolve("uploads").toString());
        env.put("REVIEW_LEXICON_DIRECTORY", Path.of("lexicons").toAbsolutePath().toString());
        env.put("REVIEW_LEXICON_WARM_UP_TERMS", "0");
        env.put("REVIEW_SESSION_KEY", SESSION_KEY);
        env.put("REVIEW_WEBHOOK_KEY", WEBHOOK_KEY);
        env.put("REVIEW_AUDIT_SIGNING_KEY", AUDIT_KEY);
        env.put("REVIEW_AUDIT_TRUSTED_KEYS", AUDIT_PUBLIC);
        env.put("REVIEW_AUDIT_CHECKPOINT_FILE", dir.resolve("checkpoints.jsonl").toString());
        return new Instance(name, pb.start(), port, log);
    }

    private static void awaitReady(Instance i) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < deadline) {
            if (!i.process().isAlive()) {
                fail("instance " + i.name() + " exited with " + i.process().exitValue() + ":\n" + tail(i.log()));
            }
            try {
                if (RestAssured.given().baseUri("http://127.0.0.1").port(i.port()).get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (Exception notListeningYet) {
                // connection refused until the HTTP server is up
            }
            Thread.sleep(250);
        }
        fail("instance " + i.name() + " not ready within 240 s:\n" + tail(i.log()));
    }

    private static String tail(Path log) throws IOException {
        return cn.disclosure.review.support.PackagedService.tail(log);
    }

    private static int freePort() throws IOException {
        return cn.disclosure.review.support.PackagedService.freePort();
    }
}
