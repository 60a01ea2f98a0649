package cn.disclosure.review.boot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The main class provides REVIEW_EXCERPT_KEY to demo runs (once, kept in the data directory), never to prod ones. */
class ExcerptKeyForDemoRunsTest {
    private static final String[] PROPS = {"quarkus.profile", "review.data-dir", "review.excerpt.key"};

    @Test
    void aDemoRunGetsAKeyGeneratedOnceIntoTheDataDirectory(@TempDir Path data) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("REVIEW_EXCERPT_KEY") == null, "REVIEW_EXCERPT_KEY set in the environment");
        Map<String, String> saved = save();
        try {
            System.setProperty("quarkus.profile", "demo");
            System.setProperty("review.data-dir", data.toString());
            System.clearProperty("review.excerpt.key");
            ReviewServiceMain.excerptKeyForDemoRuns();
            String key = System.getProperty("review.excerpt.key");
            assertThat(Base64.getUrlDecoder().decode(key)).hasSize(32);
            Path file = data.resolve("secrets/excerpt-key");
            assertThat(Files.readString(file).strip()).isEqualTo(key);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

            System.clearProperty("review.excerpt.key");
            ReviewServiceMain.excerptKeyForDemoRuns();
            assertThat(System.getProperty("review.excerpt.key")).as("the same key on the next start").isEqualTo(key);
        } finally {
            restore(saved);
        }
    }

    @Test
    void aProdRunGetsNoGeneratedKey(@TempDir Path data) {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("REVIEW_EXCERPT_KEY") == null, "REVIEW_EXCERPT_KEY set in the environment");
        Map<String, String> saved = save();
        try {
            System.setProperty("quarkus.profile", "prod");
            System.setProperty("review.data-dir", data.toString());
            System.clearProperty("review.excerpt.key");
            ReviewServiceMain.excerptKeyForDemoRuns();
            assertThat(System.getProperty("review.excerpt.key")).isNull();
            assertThat(data.resolve("secrets/excerpt-key")).doesNotExist();
        } finally {
            restore(saved);
        }
    }

    private static Map<String, String> save() {
        Map<String, String> m = new HashMap<>();
        for (String p : PROPS) {
            m.put(p, System.getProperty(p));
        }
        return m;
    }

    private static void restore(Map<String, String> saved) {
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }
}
