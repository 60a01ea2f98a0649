package cn.disclosure.review.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
/**
 * The class cache of the image and of deploy/run.sh, on the packaged service: deploy/train-class-cache.sh
 * records it (as the image's build does), and deploy/start-java.sh then starts the service with the
 * cache <em>required</em> ({@code -XX:AOTMode=on} on JDK 25+, {@code -Xshare:on} with AppCDS): a
 * cache the JVM could not use would stop the start instead of being ignored. Whichever JDK the
 * launcher picks on this machine is the one tested.
 */
class ClassCacheIT {
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    private static final Path WORK = Path.of("target", "class-cache-it").toAbsolutePath();

    @Test
    void theTrainedCacheIsUsableAndTheServiceStartsWithIt() throws Exception {
        assertThat(JAR).as("the packaged service (mvn package) must exist before this test").exists();
        if (Files.exists(WORK)) {
            try (java.util.stream.Stream<Path> old = Files.walk(WORK)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(WORK);
        Path cache = WORK.resolve("app.aot");

        ProcessBuilder train = launcher("bash", "deploy/train-class-cache.sh", JAR.toString(), cache.toString())
                .redirectOutput(WORK.resolve("training.log").toFile());
        train.environment().put("REVIEW_TRAINING_PORT", Integer.toString(freePortPair()));
        Process training = train.start();
        assertThat(training.waitFor(600, TimeUnit.SECONDS)).as("training finished").isTrue();
        assertThat(training.exitValue()).as(Files.readString(WORK.resolve("training.log"))).isZero();
        assertThat(cache).isNotEmptyFile();

        // which cache the launcher maps on this machine
        ProcessBuilder dry = launcher("bash", "deploy/start-java.sh", JAR.toString(), cache.toString());
        dry.environment().put("REVIEW_LAUNCH_DRY_RUN", "1");
        Process dryRun = dry.start();
        List<String> command = new String(dryRun.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(dryRun.waitFor()).isZero();
        boolean aot = command.contains("-XX:AOTCache=" + cache);
        assertThat(aot || command.contains("-XX:SharedArchiveFile=" + cache)).as(String.join(" ", command)).isTrue();

        int port = freePortPair();
        Path log = WORK.resolve("service.log");
        ProcessBuilder start = launcher("bash", "deploy/start-java.sh", JAR.toString(), cache.toString())
                .redirectOutput(log.toFile());
        Map<String, String> env = start.environment();
        // the launcher's default options, as recorded, and the cache required
        env.put("JAVA_OPTS", "-XX:+UseParallelGC -Xms1g -Xmx2g " + (aot ? "-XX:AOTMode=on" : "-Xshare:on"));
        env.put("QUARKUS_PROFILE", "demo");
        env.put("REVIEW_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("REVIEW_DB_PORT", Integer.toString(port + 1));
        env.put("REVIEW_DATA_DIR", WORK.resolve("data").toString());
        Process service = start.start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
            int status = 0;
            while (status != 200) {
                assertThat(service.isAlive()).as("the service runs with the cache required:\n" + Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("ready in time").isLessThan(deadline);
                try {
                    status = http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException e) {
                    status = 0;
                }
                if (status != 200) {
                    Thread.sleep(100);
                }
            }
        } finally {
            service.destroy();
            if (!service.waitFor(60, TimeUnit.SECONDS)) {
                service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The launcher scripts in the project directory, with none of this JVM's service settings. */
    private static ProcessBuilder launcher(String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("REVIEW_") || k.startsWith("MP_JWT")
                || k.startsWith("PG") || k.equals("JAVA_OPTS"));
        return pb;
    }

    /** A free loopback port whose next port is free too (the service's and its database's). */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = s.getLocalPort();
                if (port < 65535) {
                    try (ServerSocket next = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                        return port;
                    } catch (IOException taken) {
                        // try another
                    }
                }
            }
        }
        throw new IOException("no free pair of loopback ports");
    }
}
