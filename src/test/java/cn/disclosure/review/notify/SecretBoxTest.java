package cn.disclosure.review.notify;

import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {
    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private static final String OTHER = Base64.getUrlEncoder().withoutPadding().encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));

    @Test
    void sealsWithAFreshNonceAndOpensAgain() throws Exception {
        SecretBox box = SecretBox.fromConfigured(KEY);
        String secret = "cms-chosen-secret-0123456789abcdef";
        String a = box.seal(secret);
        String b = box.seal(secret);
        assertThat(a).isNotEqualTo(b).doesNotContain(secret).startsWith("v1." + box.keyId() + ".");
        assertThat(box.open(a)).isEqualTo(secret);
        assertThat(box.open(b)).isEqualTo(secret);
        assertThat(openIndependently(KEY, a)).isEqualTo(secret);
    }

    @Test
    void anotherKeyATamperedValueOrGarbageNeverOpens() {
        SecretBox box = SecretBox.fromConfigured(KEY);
        String sealed = box.seal("s3cret-s3cret-s3cret");
        assertThatThrownBy(() -> SecretBox.fromConfigured(OTHER).open(sealed))
                .isInstanceOf(SecretBox.SealException.class).hasMessageContaining("another key");
        String[] parts = sealed.split("\\.");
        byte[] raw = Base64.getUrlDecoder().decode(parts[2]);
        raw[raw.length - 1] ^= 1;
        String tampered = parts[0] + "." + parts[1] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertThatThrownBy(() -> box.open(tampered)).isInstanceOf(SecretBox.SealException.class)
                .hasMessage("sealed value fails authentication");
        for (String bad : new String[]{"", "plain-secret", "v1.x", "v2." + box.keyId() + ".AAAA", "v1." + box.keyId() + ".@@@", "v1." + box.keyId() + ".AAAA"}) {
            assertThatThrownBy(() -> box.open(bad)).isInstanceOf(SecretBox.SealException.class);
        }
    }

    @Test
    void theKeyMustBe32BytesOfBase64() {
        assertThatThrownBy(() -> SecretBox.fromConfigured(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REVIEW_WEBHOOK_KEY");
        assertThatThrownBy(() -> SecretBox.fromConfigured("  ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretBox.fromConfigured("short-password")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 字节");
        assertThatThrownBy(() -> SecretBox.fromConfigured(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 字节");
        assertThat(SecretBox.fromConfigured(OTHER).keyId()).hasSize(8);
    }

    @Test
    void theServiceDoesNotStartWithoutAValidKey() {
        for (java.util.Optional<String> key : java.util.List.of(java.util.Optional.<String>empty(), java.util.Optional.of("too-short"))) {
            WebhookSecrets secrets = new WebhookSecrets();
            secrets.configuredKey = key;
            assertThatThrownBy(secrets::init).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("REVIEW_WEBHOOK_KEY").hasMessageNotContaining("too-short");
        }
        WebhookSecrets ok = new WebhookSecrets();
        ok.configuredKey = java.util.Optional.of(KEY);
        ok.init();
        assertThat(ok.open(ok.seal("abc-secret-0123456789"), null)).isEqualTo("abc-secret-0123456789");
        assertThat(ok.open(null, "legacy-plain")).isEqualTo("legacy-plain");
    }

    /** The stored format as docs/security/web.md describes it, opened without the service's code. */
    static String openIndependently(String base64Key, String stored) throws Exception {
        byte[] key = Base64.getDecoder().decode(base64Key);
        String[] parts = stored.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(parts[0]).isEqualTo("v1");
        assertThat(parts[1]).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 8));
        byte[] all = Base64.getUrlDecoder().decode(parts[2]);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, all, 0, 12));
        c.updateAAD("review.webhook.secret".getBytes(StandardCharsets.US_ASCII));
        return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
    }
}
