package cn.disclosure.review.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * How the integration tests start the packaged service: through deploy/start-java.sh, the launcher of
 * deploy/run.sh and of the image, so they run on the JVM the service runs on (the newest JDK on the
 * machine), with the tests' own heap and collector and no class cache.
 */
public final class PackagedService {
    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
    private static final Path LAUNCHER = Path.of("deploy", "start-java.sh").toAbsolutePath();

    private PackagedService() {
    }

    /** The command; {@link #settings(Map)} completes its environment. */
    public static List<String> command() {
        return List.of("bash", LAUNCHER.toString(), JAR.toString(), "no-class-cache");
    }

    /**
     * Removes the service's own settings inherited from this JVM's environment (the caller then puts
     * the test's) and puts the launcher's.
     */
    public static void settings(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("REVIEW_") || k.startsWith("MP_JWT")
                || k.startsWith("PG") || k.equals("JAVA_TOOL_OPTIONS"));
        env.put("REVIEW_CLASS_CACHE", "off");
        env.put("JAVA_OPTS", "-Xmx768m -XX:+UseSerialGC -Dfile.encoding=UTF-8 -Dquarkus.profile=demo");
    }

    /** The status of GET {@code path} on the service at {@code port}; -1 while it does not listen. */
    public static int probe(int port, String path) {
        try {
            return RestAssured.given().baseUri("http://127.0.0.1").port(port).get(path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** A request as demo account {@code user} (its password is its name). */
    public static RequestSpecification as(int port, String user) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(port).auth().preemptive().basic(user, user);
    }

    /** The last 40 lines of the service's log, for a failure message. */
    public static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** A free loopback port. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
