package cn.disclosure.review.boot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalSecretsTest {

    @Test
    void aSecretIsGeneratedOnceIntoAPrivateFileAndReadBackLater(@TempDir Path data) throws Exception {
        AtomicInteger generated = new AtomicInteger();
        String first = LocalSecrets.secret(data, "session-key", () -> "k" + generated.incrementAndGet());
        String second = LocalSecrets.secret(data, "session-key", () -> "k" + generated.incrementAndGet());
        assertThat(first).isEqualTo("k1").isEqualTo(second);
        assertThat(generated).hasValue(1);
        Path file = data.resolve("secrets/session-key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void namesCannotLeaveTheSecretsDirectory(@TempDir Path data) {
        assertThatThrownBy(() -> LocalSecrets.secret(data, "../x", () -> "v")).isInstanceOf(IllegalArgumentException.class);
    }
}
