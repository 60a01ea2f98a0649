package cn.disclosure.review.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.disclosure.review.support.PackagedService;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A real full disk under the packaged service: its upload directory is a tmpfs of 8 MB (mounted by
 * this test, which needs root; CI runs as root), and a 12-MB file is uploaded into it again and
 * again. Every upload is answered 503 {@code storage-full} with Retry-After, never 500; the log has
 * one line for the incident and no stack trace; readiness is DOWN (the volume is below its free-space
 * floor and writes failed for lack of space) while liveness stays UP; a draft without files, which
 * needs only the database, is still accepted.
 */
class DiskFullIT {
    private static final Path WORK = Path.of("target", "disk-full-it").toAbsolutePath();
    private static final Path UPLOADS = WORK.resolve("uploads");

    private static Process process;
    private static int port;
    private static Path log;
    private static boolean mounted;

    @BeforeAll
    static void startOnASmallVolume() throws Exception {
        assertThat(PackagedService.JAR).as("the packaged service (mvn package) must exist before this test").exists();
        Files.createDirectories(UPLOADS);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", UPLOADS.toString())
                .redirectErrorStream(true).start();
        String why = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(mount.waitFor() == 0, "a tmpfs cannot be mounted here (root and CAP_SYS_ADMIN needed): " + why);
        mounted = true;

        port = freePort();
        log = WORK.resolve("service.log");
        ProcessBuilder pb = new ProcessBuilder(PackagedService.command()).directory(WORK.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        PackagedService.settings(env);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("REVIEW_HTTP_HOST", "127.0.0.1");
        env.put("REVIEW_DATA_DIR", WORK.resolve("data").toString());
        env.put("REVIEW_DB_PORT", Integer.toString(freePort()));
        env.put("QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY", UPLOADS.toString());
        env.put("REVIEW_LEXICON_DIRECTORY", Path.of("lexicons").toAbsolutePath().toString());
        env.put("REVIEW_LEXICON_WARM_UP_TERMS", "0");
        process = pb.start();
        // readiness is DOWN from the start (the upload volume is below its floor): wait for liveness and the API
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (probe("/q/health/live") != 200 || probe("/api/v1/me") != 401) {
            if (!process.isAlive()) {
                fail("the service exited with " + process.exitValue() + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                fail("not up within 300 s:\n" + tail());
            }
            Thread.sleep(250);
        }
    }

    @AfterAll
    static void stopAndUnmount() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (mounted) {
            new ProcessBuilder("umount", UPLOADS.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void uploadsIntoAFullVolumeAre503WithOneLogLineAndTheDatabaseStillServes() throws Exception {
        byte[] big = new byte[12 * 1024 * 1024];
        new Random(7).nextBytes(big);
        for (int i = 0; i < 5; i++) {
            Response r = as("editor").multiPart("draft", "{\"title\":\"大文件\",\"channel\":\"WEBSITE\",\"body\":\"正文\"}", "application/json")
                    .multiPart("file", "附件.pdf", big, "application/pdf").post("/api/v1/drafts");
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(503);
            assertThat(r.jsonPath().getString("code")).isEqualTo("storage-full");
            assertThat(r.getHeader("Retry-After")).isEqualTo("60");
            assertThat(r.contentType()).startsWith("application/problem+json");
        }

        Response ready = RestAssured.given().baseUri("http://127.0.0.1").port(port).get("/q/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.asString()).contains("\"storage-writes\"").contains("\"data-volume-free-space\"");
        assertThat(probe("/q/health/live")).isEqualTo(200);

        Response draft = as("editor").contentType(ContentType.JSON)
                .body(Map.of("title", "通知", "channel", "WEBSITE", "body", "关于开展全民健身活动的通知。")).post("/api/v1/drafts");
        assertThat(draft.statusCode()).as(draft.asString()).isEqualTo(201);

        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines.stream().filter(l -> l.contains("存储空间已满"))).as("one line for the incident").hasSize(1);
        assertThat(lines.stream().filter(l -> l.startsWith("\tat ") || l.contains("Exception in thread"))).as("no stack trace").isEmpty();
        assertThat(lines.stream().filter(l -> l.contains(" ERROR "))).isEmpty();
        // nothing of the failed uploads is left on the volume
        try (var left = Files.list(UPLOADS)) {
            assertThat(left.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum()).isLessThan(1024 * 1024);
        }
    }

    private static int probe(String path) {
        return PackagedService.probe(port, path);
    }

    private static RequestSpecification as(String user) {
        return PackagedService.as(port, user);
    }

    private static String tail() throws IOException {
        return PackagedService.tail(log);
    }

    private static int freePort() throws IOException {
        return PackagedService.freePort();
    }
}
