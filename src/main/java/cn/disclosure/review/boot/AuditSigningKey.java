package cn.disclosure.review.boot;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The Ed25519 key that signs the audit checkpoints. Production sets it
 * ({@code REVIEW_AUDIT_SIGNING_KEY}) and the service refuses to start without it; a demo or
 * development run started by the main class without one gets a key generated once and kept in
 * {@code <data dir>/secrets/audit-signing-key} (see {@link LocalSecrets}).
 */
final class AuditSigningKey {
    static final String PROPERTY = "review.audit.signing-key";
    static final String ENV = "REVIEW_AUDIT_SIGNING_KEY";
    static final String SECRET_NAME = "audit-signing-key";

    private AuditSigningKey() {
    }

    /** Outside the prod profile, with no key configured: the local key, as a system property before Quarkus starts. */
    static void provideForLocalRun() {
        if (LocalSecrets.production() || !LocalSecrets.setting(ENV, PROPERTY, "").isBlank()) {
            return;
        }
        System.setProperty(PROPERTY, localKey(LocalSecrets.dataDirectory()));
    }

    /** The key kept in {@code dataDir}, generated on first use: base64 of the PKCS#8 DER. */
    static String localKey(Path dataDir) {
        return LocalSecrets.secret(dataDir, SECRET_NAME, AuditSigningKey::generate);
    }

    static String generate() {
        try {
            return Base64.getEncoder().encodeToString(
                    KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519", e);
        }
    }
}
