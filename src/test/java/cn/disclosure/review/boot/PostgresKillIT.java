package cn.disclosure.review.boot;

import cn.disclosure.review.support.PackagedService;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 12's fault test on the packaged service ({@code target/quarkus-app/quarkus-run.jar}) as it
 * runs from {@code deploy/run.sh}: with no datasource configured it starts its own embedded
 * PostgreSQL (on a temporary data directory and a loopback port). Several threads write drafts
 * through the API; the postmaster is killed with SIGKILL (its pid from {@code postmaster.pid}).
 * Every answer is recorded: only 201 and 503 {@code database-unavailable} problems with
 * Retry-After, never a 500; at least one 503; the service writes again by itself (supervisor restart
 * plus the connection pool recovering); every draft answered 201 is there afterwards with its title;
 * liveness stayed UP all along (the supervisor brought the database back) while readiness was DOWN
 * during the outage; the log has one line per incident, no stack trace.
 */
class PostgresKillIT {
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    private static final Path WORK = Path.of("target", "postgres-kill-it").toAbsolutePath();
    private static final String CLEAN = "关于开展全民健身活动的通知。各科室：为丰富职工业余文化生活，定于下月在机关活动中心举办健身活动，请各科室组织参加。";
    private static final int WORKERS = 4;
    private static final int ANSWERED_BEFORE_KILL = 20;
    private static final int ANSWERED_AFTER_RECOVERY = 40;

    private static Process process;
    private static int port;
    private static Path log;
    private static Path data;

    private record Answered(long id, String title) {
    }

    @BeforeAll
    static void startTheService() throws Exception {
        assertThat(JAR).as("the packaged service (mvn package) must exist before this test").exists();
        PostgresServer.deleteTree(WORK);
        Files.createDirectories(WORK);
        data = WORK.resolve("data");
        port = freePort();
        log = WORK.resolve("service.log");
        ProcessBuilder pb = new ProcessBuilder(cn.disclosure.review.support.PackagedService.command())
                .directory(WORK.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        cn.disclosure.review.support.PackagedService.settings(env);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("REVIEW_HTTP_HOST", "127.0.0.1");
        env.put("REVIEW_DATA_DIR", data.toString());
        env.put("REVIEW_DB_PORT", Integer.toString(freePort()));
        env.put("QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY", WORK.resolve("uploads").toString());
        env.put("REVIEW_LEXICON_DIRECTORY", Path.of("lexicons").toAbsolutePath().toString());
        env.put("REVIEW_LEXICON_WARM_UP_TERMS", "0");
        process = pb.start();
        awaitReady(Duration.ofSeconds(300));
    }

    @AfterAll
    static void stop() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            // a stop (SIGTERM) stops the embedded database only after the application: the last audit
            // checkpoint is signed against a running database
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            assertThat(lines.stream().filter(l -> l.contains("停止时未能签发审计检查点"))).as("the audit checkpoint at stop").isEmpty();
            assertThat(lines.stream().filter(l -> l.contains("数据库不可用（") && l.contains("Shutdown"))).as("outages during the stop").isEmpty();
        }
    }

    @Test
    void theServiceAnswers503WhileItsKilledPostgresqlIsBroughtBackAndNoAnsweredWriteIsLost() throws Exception {
        Queue<Answered> acknowledged = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> statuses = new TreeMap<>();
        Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger unavailable = new AtomicInteger();
        AtomicInteger answeredAfterOutage = new AtomicInteger();
        AtomicLong killedAt = new AtomicLong();
        AtomicLong firstWriteAfterOutage = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Integer> liveness = new ArrayList<>();
        List<Integer> readiness = new ArrayList<>();

        ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                workers.add(pool.submit(() -> {
                    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
                    while (!stop.get() && System.nanoTime() < deadline) {
                        String title = "通知（编号 " + UUID.randomUUID().toString().substring(0, 8) + "）";
                        Map<String, Object> draft = new LinkedHashMap<>();
                        draft.put("title", title);
                        draft.put("channel", "WEBSITE");
                        draft.put("body", CLEAN + title);
                        Response r = as("editor").contentType(ContentType.JSON).body(draft).post("/api/v1/drafts");
                        int status = r.statusCode();
                        synchronized (statuses) {
                            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        }
                        if (status == 201) {
                            acknowledged.add(new Answered(r.jsonPath().getLong("id"), title));
                            if (unavailable.get() > 0 && answeredAfterOutage.incrementAndGet() == 1) {
                                firstWriteAfterOutage.set(System.nanoTime());
                            }
                            if (answeredAfterOutage.get() >= ANSWERED_AFTER_RECOVERY) {
                                stop.set(true);
                            }
                            if (acknowledged.size() >= ANSWERED_BEFORE_KILL && killed.compareAndSet(false, true)) {
                                killedAt.set(System.nanoTime());
                                killPostmaster();
                            }
                        } else if (status == 503 && isOutageProblem(r)) {
                            unavailable.incrementAndGet();
                            Thread.sleep(100);
                        } else {
                            unexpected.add(status + " " + r.getHeader("Content-Type") + " " + abbreviate(r.asString()));
                            Thread.sleep(100);
                        }
                    }
                    return null;
                }));
            }
            // the probes, as an orchestrator would poll them
            Future<?> probes = pool.submit(() -> {
                while (!stop.get()) {
                    if (killed.get()) {
                        liveness.add(probe("/q/health/live"));
                        readiness.add(probe("/q/health/ready"));
                    }
                    Thread.sleep(200);
                }
                return null;
            });
            for (Future<?> f : workers) {
                f.get(360, TimeUnit.SECONDS);
            }
            stop.set(true);
            probes.get(30, TimeUnit.SECONDS);
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        System.out.printf("postgres-kill: statuses %s; %d drafts acknowledged; first write %d ms after the kill%n", statuses,
                acknowledged.size(), firstWriteAfterOutage.get() == 0 ? -1 : (firstWriteAfterOutage.get() - killedAt.get()) / 1_000_000);

        assertThat(killed).as("the postmaster was killed").isTrue();
        assertThat(unexpected).as("answers other than 201 and 503 database-unavailable; the service's log says:%n%s",
                unhandledInLog()).isEmpty();
        assertThat(unavailable.get()).as("503 answers while PostgreSQL was down").isPositive();
        assertThat(answeredAfterOutage.get()).as("drafts written after the outage (by itself, within 300 s)")
                .isGreaterThanOrEqualTo(ANSWERED_AFTER_RECOVERY);

        // every acknowledged draft is there, with its title
        List<String> missing = new ArrayList<>();
        for (Answered a : acknowledged) {
            Response r = as("editor").get("/api/v1/drafts/" + a.id());
            if (r.statusCode() != 200 || !a.title().equals(r.jsonPath().getString("title"))) {
                missing.add(a.id() + ": " + r.statusCode());
            }
        }
        assertThat(missing).as("acknowledged drafts missing after the kill (of %d)", acknowledged.size()).isEmpty();

        // the orchestrator's view: never restarted (liveness UP throughout), not ready while it was down
        assertThat(liveness).as("liveness while PostgreSQL was restarted").isNotEmpty().containsOnly(200);
        assertThat(readiness).as("readiness after the kill").contains(503);
        assertThat(probe("/q/health/live")).isEqualTo(200);
        assertThat(probe("/q/health/ready")).isEqualTo(200);
        RestAssured.given().baseUri("http://127.0.0.1").port(port).get("/q/health/live").then()
                .body("checks.find { it.name == 'embedded-postgresql-supervisor' }.data.restarts", org.hamcrest.Matchers.equalTo(1));

        // one line per incident, no stack traces
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines.stream().filter(l -> l.contains("内置 PostgreSQL 主进程已退出"))).hasSize(1);
        assertThat(lines.stream().filter(l -> l.contains("内置 PostgreSQL 已重启"))).hasSize(1);
        assertThat(lines.stream().filter(l -> l.contains("数据库不可用（"))).hasSize(1);
        assertThat(lines.stream().filter(l -> l.startsWith("\tat ") || l.contains("未处理的异常"))).as("stack traces in the log").isEmpty();
    }

    /** The service's unhandled-exception lines and their stack traces (first 60 lines), for a failure message. */
    private static String unhandledInLog() throws IOException {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (l.contains("未处理的异常")) {
                in = true;
            } else if (in && !(l.startsWith("\t") || l.startsWith("Caused by") || l.startsWith("\t..."))) {
                in = false;
            }
            if (in && out.size() < 60) {
                out.add(l);
            }
        }
        return String.join("\n", out);
    }

    private static boolean isOutageProblem(Response r) {
        return r.getContentType().startsWith("application/problem+json")
                && "database-unavailable".equals(r.jsonPath().getString("code"))
                && r.getHeader("Retry-After") != null && Integer.parseInt(r.getHeader("Retry-After")) > 0;
    }

    private static void killPostmaster() {
        try {
            long pid = Long.parseLong(Files.readAllLines(data.resolve("pg").resolve("postmaster.pid")).get(0).trim());
            ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
            assertThat(h.info().command().orElse("")).endsWith("postgres");
            Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
            assertThat(kill.waitFor()).as("kill -9 of the postmaster").isZero();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int probe(String path) {
        return PackagedService.probe(port, path);
    }

    private static RequestSpecification as(String user) {
        return PackagedService.as(port, user);
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static void awaitReady(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("the service exited with " + process.exitValue() + ":\n" + tail());
            }
            if (probe("/q/health/ready") == 200) {
                return;
            }
            Thread.sleep(250);
        }
        fail("not ready within " + within + ":\n" + tail());
    }

    private static String tail() throws IOException {
        return PackagedService.tail(log);
    }

    private static int freePort() throws IOException {
        return PackagedService.freePort();
    }
}
