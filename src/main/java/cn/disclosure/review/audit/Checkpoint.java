package cn.disclosure.review.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A signed checkpoint of the audit chain: "the entry at {@code seq} had hash {@code hash}",
 * signed with Ed25519 by the key {@code keyId}. The signature covers exactly the bytes of
 * {@link #signedText()} (UTF-8):
 *
 * <pre>
 * secrecy-review/audit-checkpoint/v1\n
 * seq=&lt;seq, decimal&gt;\n
 * hash=&lt;SHA-256 of the entry at seq, 64 lower-case hex&gt;\n
 * entry-at=&lt;time of that entry, UTC, yyyy-MM-ddTHH:mm:ss.SSSSSSZ&gt;\n
 * created-at=&lt;time the checkpoint was signed, same format&gt;\n
 * key-id=&lt;key id&gt;\n
 * </pre>
 *
 * The same record is the JSON form (file lines, export endpoint, offline verifier); every field is
 * checked on construction, so no field can smuggle a line break into the signed text.
 */
@JsonPropertyOrder({"format", "seq", "hash", "entryAt", "createdAt", "keyId", "signature"})
public record Checkpoint(String format, long seq, String hash, String entryAt, String createdAt, String keyId,
                         String signature) {
    public static final String FORMAT = "secrecy-review/audit-checkpoint/v1";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern TIME_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
    private static final Pattern HASH_SHAPE = Pattern.compile("[0-9a-f]{64}");
    static final Pattern KEY_ID_SHAPE = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    /** Length of an Ed25519 signature. */
    static final int SIGNATURE_BYTES = 64;

    public Checkpoint {
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format");
        }
        if (seq < 1) {
            throw new IllegalArgumentException("seq");
        }
        if (hash == null || !HASH_SHAPE.matcher(hash).matches()) {
            throw new IllegalArgumentException("hash");
        }
        checkTime(entryAt, "entryAt");
        checkTime(createdAt, "createdAt");
        if (keyId == null || !KEY_ID_SHAPE.matcher(keyId).matches()) {
            throw new IllegalArgumentException("keyId");
        }
        if (signature == null || signatureBytes(signature).length != SIGNATURE_BYTES) {
            throw new IllegalArgumentException("signature");
        }
    }

    /** The text the signature covers (see the class comment). */
    public static String signedText(long seq, String hash, String entryAt, String createdAt, String keyId) {
        return FORMAT + "\n"
                + "seq=" + seq + "\n"
                + "hash=" + hash + "\n"
                + "entry-at=" + entryAt + "\n"
                + "created-at=" + createdAt + "\n"
                + "key-id=" + keyId + "\n";
    }

    public String signedText() {
        return signedText(seq, hash, entryAt, createdAt, keyId);
    }

    byte[] signedBytes() {
        return signedText().getBytes(StandardCharsets.UTF_8);
    }

    byte[] signatureBytes() {
        return signatureBytes(signature);
    }

    /** The canonical form of a time in a checkpoint: UTC, microseconds, always six digits. */
    public static String time(Instant t) {
        return TIME.format(t.truncatedTo(ChronoUnit.MICROS));
    }

    public Instant entryInstant() {
        return Instant.parse(entryAt);
    }

    public Instant createdInstant() {
        return Instant.parse(createdAt);
    }

    private static void checkTime(String t, String field) {
        if (t == null || !TIME_SHAPE.matcher(t).matches()) {
            throw new IllegalArgumentException(field);
        }
        try {
            if (!time(Instant.parse(t)).equals(t)) {
                throw new IllegalArgumentException(field);
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field, e);
        }
    }

    private static byte[] signatureBytes(String signature) {
        try {
            return Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
