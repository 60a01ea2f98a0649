package cn.disclosure.review.support;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;

/**
 * Settings that must belong to one test run. The test database is a fresh directory per JVM, so
 * the audit checkpoint file must be too: a file left by an earlier run would hold checkpoints of a
 * chain this run's database never had. The directory is created once per JVM (remembered in a
 * system property, since Quarkus loads this class again for each application start).
 */
public class TestRunConfigSource implements ConfigSource {
    private static final String RUN_DIR = "review.test.run-dir";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of("review.audit.checkpoint.file", "review.register.index-dir");
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of("review.audit.checkpoint.file", checkpointFile(), "review.register.index-dir", registerIndexDirectory());
    }

    @Override
    public String getValue(String name) {
        if ("review.register.index-dir".equals(name)) {
            return registerIndexDirectory();
        }
        return "review.audit.checkpoint.file".equals(name) ? checkpointFile() : null;
    }

    @Override
    public String getName() {
        return "test-run";
    }

    @Override
    public int getOrdinal() {
        return 275;
    }

    /** The checkpoint file of this test run. */
    public static String checkpointFile() {
        return runDirectory() + "/audit/checkpoints.jsonl";
    }

    /** The register search index of this test run (it indexes this run's database). */
    public static String registerIndexDirectory() {
        return runDirectory() + "/register-index";
    }

    private static synchronized String runDirectory() {
        String dir = System.getProperty(RUN_DIR);
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("review-test-run").toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(RUN_DIR, dir);
        }
        return dir;
    }
}
