package cn.disclosure.review.audit;

import cn.disclosure.review.web.Sha256;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Ed25519 keys of the checkpoints: one signing key (private, from configuration only, never
 * in the database) and the public keys checkpoints are trusted under — the signing key's own plus
 * every key listed in {@code review.audit.trusted-keys} (keys used before a rotation).
 * A key's id is {@code ed25519:} + the first 16 hex digits of SHA-256 over its X.509
 * SubjectPublicKeyInfo (DER), so anyone holding the public key computes the same id.
 */
public final class CheckpointKeys {
    private static final String ALGORITHM = "Ed25519";

    /** Outcome of checking one checkpoint's signature. */
    public enum Trust {
        VALID("签名有效"),
        UNKNOWN_KEY("签名密钥不在受信任的公钥列表中"),
        BAD_SIGNATURE("签名无效");

        public final String label;

        Trust(String label) {
            this.label = label;
        }
    }

    /** A trusted public key as the export endpoint shows it. */
    public record PublicKeyInfo(String keyId, String algorithm, String publicKey, boolean signing) {
    }

    private final PrivateKey signingKey;
    private final String signingKeyId;
    private final Map<String, PublicKey> trusted;

    private CheckpointKeys(PrivateKey signingKey, String signingKeyId, Map<String, PublicKey> trusted) {
        this.signingKey = signingKey;
        this.signingKeyId = signingKeyId;
        this.trusted = Collections.unmodifiableMap(trusted);
    }

    /**
     * Keys from configuration: {@code signingKey} is a PKCS#8 Ed25519 private key (PEM, or base64 of
     * the DER); {@code trustedKeys} are X.509 public keys (PEM or base64 DER). Refuses (with a message
     * that never contains key material) when the signing key is missing or unusable or a trusted key
     * cannot be read: without a key no checkpoint can be signed, so the service must not start.
     */
    public static CheckpointKeys fromConfiguration(Optional<String> signingKey, Optional<List<String>> trustedKeys) {
        if (signingKey.isEmpty() || signingKey.get().isBlank()) {
            throw new IllegalStateException("未配置审计检查点签名密钥（review.audit.signing-key / 环境变量 REVIEW_AUDIT_SIGNING_KEY，"
                    + "Ed25519 PKCS#8 私钥，PEM 或 base64），服务拒绝启动");
        }
        PrivateKey priv;
        PublicKey pub;
        try {
            priv = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der(signingKey.get(), "PRIVATE KEY")));
            pub = publicKeyOf(priv);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("审计检查点签名密钥无法读取（须为 Ed25519 PKCS#8 私钥，PEM 或 base64），服务拒绝启动");
        }
        Map<String, PublicKey> trusted = new LinkedHashMap<>();
        String id = keyId(pub);
        trusted.put(id, pub);
        List<String> listed = trustedKeys.orElse(List.of());
        for (int i = 0; i < listed.size(); i++) {
            if (listed.get(i).isBlank()) {
                continue;
            }
            try {
                PublicKey k = publicKey(listed.get(i));
                trusted.putIfAbsent(keyId(k), k);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalStateException("review.audit.trusted-keys 中第 " + (i + 1)
                        + " 个公钥无法读取（须为 Ed25519 公钥，PEM 或 base64），服务拒绝启动");
            }
        }
        CheckpointKeys keys = new CheckpointKeys(priv, id, trusted);
        keys.selfTest();
        return keys;
    }

    /** An X.509 Ed25519 public key from PEM or base64 DER. */
    public static PublicKey publicKey(String text) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(text, "PUBLIC KEY")));
    }

    public static String keyId(PublicKey key) {
        return "ed25519:" + Sha256.hex(key.getEncoded()).substring(0, 16);
    }

    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    public String signingKeyId() {
        return signingKeyId;
    }

    public List<PublicKeyInfo> publicKeys() {
        List<PublicKeyInfo> out = new ArrayList<>();
        trusted.forEach((id, k) -> out.add(new PublicKeyInfo(id, ALGORITHM, pem(k), id.equals(signingKeyId))));
        return out;
    }

    /** Signs a checkpoint of the entry {@code seq} with hash {@code hash} written at {@code entryAt}. */
    public Checkpoint sign(long seq, String hash, Instant entryAt, Instant createdAt) {
        String entry = Checkpoint.time(entryAt);
        String created = Checkpoint.time(createdAt);
        String text = Checkpoint.signedText(seq, hash, entry, created, signingKeyId);
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(signingKey);
            s.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new Checkpoint(Checkpoint.FORMAT, seq, hash, entry, created, signingKeyId,
                    Base64.getEncoder().encodeToString(s.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("审计检查点签名失败", e);
        }
    }

    public Trust check(Checkpoint c) {
        PublicKey key = trusted.get(c.keyId());
        if (key == null) {
            return Trust.UNKNOWN_KEY;
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(c.signedBytes());
            return s.verify(c.signatureBytes()) ? Trust.VALID : Trust.BAD_SIGNATURE;
        } catch (GeneralSecurityException e) {
            return Trust.BAD_SIGNATURE;
        }
    }

    private void selfTest() {
        Checkpoint probe = sign(1, "0".repeat(64), Instant.EPOCH, Instant.EPOCH);
        if (check(probe) != Trust.VALID) {
            throw new IllegalStateException("审计检查点签名密钥自检失败，服务拒绝启动");
        }
    }

    /**
     * The public key of an Ed25519 private key. The JDK has no call for it, but its key-pair
     * generator derives the pair from 32 random bytes, which are the private key: fed the private
     * key's bytes it yields the matching public key. The result is checked, not assumed.
     */
    private static PublicKey publicKeyOf(PrivateKey priv) throws GeneralSecurityException {
        byte[] seed = ((EdECPrivateKey) priv).getBytes().orElseThrow(() -> new GeneralSecurityException("no key bytes"));
        SecureRandom fixed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                if (bytes.length != seed.length) {
                    throw new IllegalStateException("unexpected request for random bytes");
                }
                System.arraycopy(seed, 0, bytes, 0, seed.length);
            }
        };
        KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
        g.initialize(NamedParameterSpec.ED25519, fixed);
        KeyPair pair = g.generateKeyPair();
        byte[] derived = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
        boolean same = Arrays.equals(derived, seed);
        Arrays.fill(derived, (byte) 0);
        Arrays.fill(seed, (byte) 0);
        if (!same) {
            throw new GeneralSecurityException("public key derivation");
        }
        return pair.getPublic();
    }

    private static byte[] der(String text, String pemLabel) {
        String t = text.strip();
        if (t.startsWith("-----BEGIN ")) {
            String begin = "-----BEGIN " + pemLabel + "-----";
            String end = "-----END " + pemLabel + "-----";
            int b = t.indexOf(begin);
            int e = t.indexOf(end);
            if (b != 0 || e < 0) {
                throw new IllegalArgumentException("PEM label");
            }
            t = t.substring(begin.length(), e);
        }
        return Base64.getDecoder().decode(t.replaceAll("\\s+", ""));
    }
}
