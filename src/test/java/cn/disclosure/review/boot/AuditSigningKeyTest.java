package cn.disclosure.review.boot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class AuditSigningKeyTest {
    @TempDir
    Path data;

    @Test
    void aLocalRunGetsOneEd25519KeyKeptPrivatelyInTheDataDirectory() throws Exception {
        String first = AuditSigningKey.localKey(data);
        String second = AuditSigningKey.localKey(data);
        assertThat(second).isEqualTo(first);
        assertThat(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(first))))
                .isInstanceOf(EdECPrivateKey.class);
        Path file = data.resolve("secrets/audit-signing-key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        // Another data directory, another key.
        assertThat(AuditSigningKey.localKey(data.resolve("other"))).isNotEqualTo(first);
    }
}
