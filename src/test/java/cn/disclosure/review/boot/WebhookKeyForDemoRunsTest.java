package cn.disclosure.review.boot;

import cn.disclosure.review.notify.SecretBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The main class provides REVIEW_WEBHOOK_KEY to demo runs, never to prod ones. */
class WebhookKeyForDemoRunsTest {
    private static final String[] PROPS = {"quarkus.profile", "review.data-dir", "review.webhook.key"};

    @Test
    void aDemoRunGetsAKeyGeneratedOnceIntoTheDataDirectory(@TempDir Path data) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("REVIEW_WEBHOOK_KEY") == null, "REVIEW_WEBHOOK_KEY set in the environment");
        Map<String, String> saved = save();
        try {
            System.setProperty("quarkus.profile", "demo");
            System.setProperty("review.data-dir", data.toString());
            System.clearProperty("review.webhook.key");
            ReviewServiceMain.webhookKeyForDemoRuns();
            String key = System.getProperty("review.webhook.key");
            assertThat(SecretBox.fromConfigured(key).keyId()).hasSize(8);
            Path file = data.resolve("secrets/webhook-key");
            assertThat(Files.readString(file).strip()).isEqualTo(key);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

            System.clearProperty("review.webhook.key");
            ReviewServiceMain.webhookKeyForDemoRuns();
            assertThat(System.getProperty("review.webhook.key")).as("the same key on the next start").isEqualTo(key);

            System.setProperty("review.webhook.key", "configured");
            ReviewServiceMain.webhookKeyForDemoRuns();
            assertThat(System.getProperty("review.webhook.key")).as("a configured key wins").isEqualTo("configured");
        } finally {
            restore(saved);
        }
    }

    @Test
    void aProdRunGetsNoGeneratedKey(@TempDir Path data) {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("REVIEW_WEBHOOK_KEY") == null, "REVIEW_WEBHOOK_KEY set in the environment");
        Map<String, String> saved = save();
        try {
            System.setProperty("quarkus.profile", "prod");
            System.setProperty("review.data-dir", data.toString());
            System.clearProperty("review.webhook.key");
            ReviewServiceMain.webhookKeyForDemoRuns();
            assertThat(System.getProperty("review.webhook.key")).isNull();
            assertThat(data.resolve("secrets/webhook-key")).doesNotExist();
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
