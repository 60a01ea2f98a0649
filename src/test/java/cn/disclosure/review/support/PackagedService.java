package cn.disclosure.review.support;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

    /** Puts the launcher's settings into {@code env} (after the caller removed the service's own). */
    public static void settings(Map<String, String> env) {
        env.remove("JAVA_OPTS");
        env.remove("JAVA_TOOL_OPTIONS");
        env.put("REVIEW_CLASS_CACHE", "off");
        env.put("JAVA_OPTS", "-Xmx768m -XX:+UseSerialGC -Dfile.encoding=UTF-8 -Dquarkus.profile=demo");
    }
}
