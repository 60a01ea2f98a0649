package cn.disclosure.review.audit;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static cn.disclosure.review.audit.TestCheckpointKeys.CURRENT_PRIVATE;
import static cn.disclosure.review.audit.TestCheckpointKeys.CURRENT_PUBLIC;
import static cn.disclosure.review.audit.TestCheckpointKeys.OLD_PRIVATE;
import static cn.disclosure.review.audit.TestCheckpointKeys.OLD_PUBLIC;
import static cn.disclosure.review.audit.TestCheckpointKeys.signingWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key handling and signatures of the checkpoints, without the service. */
class CheckpointKeysTest {
    private static final String HASH = "3f".repeat(32);
    private static final Instant ENTRY_AT = Instant.parse("2026-11-29T08:15:30.123456Z");
    private static final Instant CREATED_AT = Instant.parse("2026-11-29T08:16:00Z");

    @Test
    void theSignatureCoversTheDocumentedTextAndAnyChangeBreaksIt() throws Exception {
        CheckpointKeys keys = signingWith(CURRENT_PRIVATE);
        Checkpoint c = keys.sign(4711, HASH, ENTRY_AT, CREATED_AT);
        assertThat(c.signedText()).isEqualTo("secrecy-review/audit-checkpoint/v1\n"
                + "seq=4711\n"
                + "hash=" + HASH + "\n"
                + "entry-at=2026-11-29T08:15:30.123456Z\n"
                + "created-at=2026-11-29T08:16:00.000000Z\n"
                + "key-id=" + keys.signingKeyId() + "\n");
        assertThat(keys.check(c)).isEqualTo(CheckpointKeys.Trust.VALID);

        // Checked with nothing but the JDK and the public key from configuration: the signature is plain Ed25519.
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(CheckpointKeys.publicKey(CURRENT_PUBLIC));
        v.update(c.signedText().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(v.verify(Base64.getDecoder().decode(c.signature()))).isTrue();

        List<Checkpoint> altered = List.of(
                new Checkpoint(c.format(), c.seq() + 1, c.hash(), c.entryAt(), c.createdAt(), c.keyId(), c.signature()),
                new Checkpoint(c.format(), c.seq(), "40".repeat(32), c.entryAt(), c.createdAt(), c.keyId(), c.signature()),
                new Checkpoint(c.format(), c.seq(), c.hash(), "2026-11-29T08:15:30.123457Z", c.createdAt(), c.keyId(), c.signature()),
                new Checkpoint(c.format(), c.seq(), c.hash(), c.entryAt(), "2027-01-01T00:00:00.000000Z", c.keyId(), c.signature()));
        for (Checkpoint a : altered) {
            assertThat(keys.check(a)).as(a.toString()).isEqualTo(CheckpointKeys.Trust.BAD_SIGNATURE);
        }
        byte[] sig = Base64.getDecoder().decode(c.signature());
        sig[10] ^= 1;
        Checkpoint flipped = new Checkpoint(c.format(), c.seq(), c.hash(), c.entryAt(), c.createdAt(), c.keyId(),
                Base64.getEncoder().encodeToString(sig));
        assertThat(keys.check(flipped)).isEqualTo(CheckpointKeys.Trust.BAD_SIGNATURE);
    }

    @Test
    void theKeyIdIsDerivedFromThePublicKeyAndNamingAnotherKeyDoesNotHelp() throws Exception {
        CheckpointKeys current = signingWith(CURRENT_PRIVATE, OLD_PUBLIC);
        assertThat(current.signingKeyId()).isEqualTo(CheckpointKeys.keyId(CheckpointKeys.publicKey(CURRENT_PUBLIC)))
                .matches("ed25519:[0-9a-f]{16}");
        Checkpoint byOld = signingWith(OLD_PRIVATE).sign(9, HASH, ENTRY_AT, CREATED_AT);
        // A checkpoint signed by the old key but claiming the current key's id does not verify.
        Checkpoint relabelled = new Checkpoint(byOld.format(), byOld.seq(), byOld.hash(), byOld.entryAt(), byOld.createdAt(),
                current.signingKeyId(), byOld.signature());
        assertThat(current.check(relabelled)).isEqualTo(CheckpointKeys.Trust.BAD_SIGNATURE);
    }

    @Test
    void afterARotationOldCheckpointsVerifyOnlyWhileTheOldKeyIsTrusted() {
        Checkpoint signedBeforeRotation = signingWith(OLD_PRIVATE).sign(1000, HASH, ENTRY_AT, CREATED_AT);
        CheckpointKeys rotatedKeepingOldKey = signingWith(CURRENT_PRIVATE, OLD_PUBLIC);
        CheckpointKeys rotatedDroppingOldKey = signingWith(CURRENT_PRIVATE);

        assertThat(rotatedKeepingOldKey.check(signedBeforeRotation)).isEqualTo(CheckpointKeys.Trust.VALID);
        assertThat(rotatedDroppingOldKey.check(signedBeforeRotation)).isEqualTo(CheckpointKeys.Trust.UNKNOWN_KEY);
        assertThat(rotatedKeepingOldKey.publicKeys()).extracting(CheckpointKeys.PublicKeyInfo::signing).containsExactly(true, false);
        assertThat(rotatedKeepingOldKey.publicKeys().get(1).keyId()).isEqualTo(signedBeforeRotation.keyId());
        // New checkpoints are signed with the new key.
        assertThat(rotatedKeepingOldKey.sign(1001, HASH, ENTRY_AT, CREATED_AT).keyId()).isNotEqualTo(signedBeforeRotation.keyId());
    }

    @Test
    void pemAndBase64AreTheSameKey() throws Exception {
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(kp.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        CheckpointKeys fromPem = signingWith(pem);
        assertThat(fromPem.signingKeyId()).isEqualTo(CheckpointKeys.keyId(kp.getPublic()));
        // The public key the service derives and exports is the pair's own.
        assertThat(CheckpointKeys.publicKey(fromPem.publicKeys().get(0).publicKey()).getEncoded()).isEqualTo(kp.getPublic().getEncoded());
        CheckpointKeys trustingPem = signingWith(CURRENT_PRIVATE, CheckpointKeys.pem(kp.getPublic()));
        assertThat(trustingPem.check(fromPem.sign(1, HASH, ENTRY_AT, CREATED_AT))).isEqualTo(CheckpointKeys.Trust.VALID);
    }

    @Test
    void withoutAUsableKeyTheServiceMustNotStartAndTheMessageHoldsNoKeyMaterial() throws Exception {
        assertThatThrownBy(() -> CheckpointKeys.fromConfiguration(Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("REVIEW_AUDIT_SIGNING_KEY");
        assertThatThrownBy(() -> CheckpointKeys.fromConfiguration(Optional.of("  "), Optional.empty()))
                .isInstanceOf(IllegalStateException.class);
        String garbage = "bm90IGEga2V5IGF0IGFsbA==";
        assertThatThrownBy(() -> signingWith(garbage))
                .isInstanceOf(IllegalStateException.class).message().doesNotContain(garbage);
        // An RSA key is not an Ed25519 key.
        String rsa = Base64.getEncoder().encodeToString(KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate().getEncoded());
        assertThatThrownBy(() -> signingWith(rsa)).isInstanceOf(IllegalStateException.class).message().doesNotContain(rsa.substring(0, 40));
        // A trusted key that cannot be read is refused rather than skipped.
        assertThatThrownBy(() -> signingWith(CURRENT_PRIVATE, OLD_PUBLIC, "MCowBQYDK2VwAyEAnotakey"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("第 2 个");
    }

    @Test
    void malformedFieldsAreRejectedSoNothingCanBeSmuggledIntoTheSignedText() {
        String sig = Base64.getEncoder().encodeToString(new byte[64]);
        String t = "2026-11-29T08:15:30.123456Z";
        String f = Checkpoint.FORMAT;
        assertThatThrownBy(() -> new Checkpoint(f, 1, HASH, t, t, "ed25519:0011223344556677\nseq=9", sig)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint(f, 0, HASH, t, t, "k", sig)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint(f, 1, HASH.toUpperCase(), t, t, "k", sig)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint(f, 1, HASH, "2026-11-29T08:15:30Z", t, "k", sig)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint(f, 1, HASH, "2026-02-30T08:15:30.123456Z", t, "k", sig)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint("secrecy-review/audit-checkpoint/v2", 1, HASH, t, t, "k", sig)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint(f, 1, HASH, t, t, "k", "AAAA")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Checkpoint(f, 1, HASH, t, t, "k", sig).seq()).isEqualTo(1);
    }
}
