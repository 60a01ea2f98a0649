package cn.disclosure.review.notify;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Webhook secrets at rest: AES-256-GCM with a 96-bit random nonce and a fixed associated-data label.
 * Stored form: {@code v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>}, where the key id is the
 * first 8 hex digits of SHA-256(key), so a value sealed under another key is recognised as such
 * instead of failing as "corrupt". The key is 32 bytes, given base64 or base64url encoded.
 */
public final class SecretBox {
    static final String VERSION = "v1";
    private static final byte[] AAD = "review.webhook.secret".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String keyId;

    /** Thrown when a value cannot be opened; the message never contains the value or the key. */
    public static final class SealException extends RuntimeException {
        SealException(String message) {
            super(message, null, false, false);
        }
    }

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        this.keyId = keyId(key);
    }

    /** The box for a configured key: base64 or base64url of exactly 32 bytes. */
    public static SecretBox fromConfigured(String encoded) {
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalArgumentException("未配置回调签名密钥的加密密钥（REVIEW_WEBHOOK_KEY）");
        }
        byte[] raw;
        String s = encoded.strip();
        try {
            raw = s.contains("-") || s.contains("_") ? Base64.getUrlDecoder().decode(s) : Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("REVIEW_WEBHOOK_KEY 须为 32 字节随机数的 base64 编码（例如 openssl rand -base64 32 的输出）");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("REVIEW_WEBHOOK_KEY 须为 32 字节随机数的 base64 编码（例如 openssl rand -base64 32 的输出），当前为 "
                    + raw.length + " 字节");
        }
        return new SecretBox(raw);
    }

    public String keyId() {
        return keyId;
    }

    public String seal(String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(AAD);
            byte[] ct = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + ct.length).put(nonce).put(ct).array();
            return VERSION + "." + keyId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public String open(String sealed) {
        String[] parts = sealed == null ? new String[0] : sealed.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new SealException("not a sealed webhook secret");
        }
        if (!parts[1].equals(keyId)) {
            throw new SealException("sealed under another key (key id " + parts[1] + ", configured " + keyId + ")");
        }
        byte[] all;
        try {
            all = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new SealException("sealed value is not base64url");
        }
        if (all.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SealException("sealed value too short");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            c.updateAAD(AAD);
            byte[] plain = c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SealException("sealed value fails authentication");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private static String keyId(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
