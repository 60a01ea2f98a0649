package cn.disclosure.review.audit;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The fixed test keys of application.properties ({@code %test.}) and keys made up by tests. */
final class TestCheckpointKeys {
    /** {@code %test.review.audit.signing-key}: the key the service under test signs with. */
    static final String CURRENT_PRIVATE = "MC4CAQAwBQYDK2VwBCIEIDU6W5MJRYF17NpeuN2uyCx3cwDQ2yd3s2IxRnX4NCi0";
    static final String CURRENT_PUBLIC = "MCowBQYDK2VwAyEAkd/JkD2czvb6a3N8zfGQ1+hLhMIwwfJAYlxdZ7PcUBs=";
    /** The key "used before a rotation": its public key is in {@code %test.review.audit.trusted-keys}. */
    static final String OLD_PRIVATE = "MC4CAQAwBQYDK2VwBCIEICzxqBnd8HAyXXj1mf6rxZ5sW0xsxef0vjdGwdAYvbb7";
    static final String OLD_PUBLIC = "MCowBQYDK2VwAyEAQTO5L5LWAO9ApgCOzKvnyxUVTRahFNAEjcit+PIOol8=";

    private TestCheckpointKeys() {
    }

    static CheckpointKeys signingWith(String privateKey, String... trusted) {
        return CheckpointKeys.fromConfiguration(Optional.of(privateKey), Optional.of(List.of(trusted)));
    }

    /** A key no configuration trusts. */
    static String freshPrivateKey() {
        try {
            KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            return Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
