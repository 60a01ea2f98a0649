package cn.disclosure.review.excerpt;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Keyed fingerprints of a text's letters (see {@link Letters}), with the guarantee the excerpt
 * check is built on: two texts that share a run of at least {@link #RUN} letters share at least one
 * winnowed fingerprint.
 *
 * <ul>
 * <li>Grams: every run of {@link #K} letters. Selection (winnowing, Schleimer, Wilkerson &amp; Aiken
 * 2003, robust variant): in every window of {@link #W} = RUN − K + 1 consecutive grams the one with
 * the smallest selection hash (the rightmost on ties) is selected. A shared run of RUN letters holds
 * W consecutive grams, i.e. one whole window, and both texts select the same gram in it.</li>
 * <li>The selection hash is a polynomial rolling hash modulo 2<sup>61</sup>−1 whose base is derived
 * from the key (cheap, so every gram of a check can be hashed); the stored value of a selected gram is
 * HMAC-SHA256(key, "G" ‖ gram) truncated to 64 bits.</li>
 * <li>Runs: the HMAC ("R" ‖ run) of every run of RUN letters, used to confirm a candidate (a
 * shared gram proves only K shared letters; a shared run proves RUN).</li>
 * </ul>
 * Each letter is encoded as 3 bytes (its code point), so a gram hashes in one SHA-256 block after the
 * pre-computed key block. Immutable and thread-safe.
 */
public final class Fingerprinter {
    /** Letters a passage must share with a protected document to count as an excerpt. */
    public static final int RUN = 30;
    /** Gram length. */
    public static final int K = 15;
    /** Winnowing window, in grams: RUN − K + 1, the largest window that still guarantees RUN. */
    public static final int W = RUN - K + 1;

    private static final long M = (1L << 61) - 1;

    private final MessageDigest inner;
    private final MessageDigest outer;
    private final long base;
    private final long basePowK;
    private final String keyId;

    public Fingerprinter(byte[] key) {
        if (key == null || key.length < 32) {
            throw new IllegalArgumentException("excerpt key must be at least 32 bytes");
        }
        try {
            byte[] ipad = new byte[64];
            byte[] opad = new byte[64];
            byte[] k = key.length > 64 ? MessageDigest.getInstance("SHA-256").digest(key) : key;
            for (int i = 0; i < 64; i++) {
                byte b = i < k.length ? k[i] : 0;
                ipad[i] = (byte) (b ^ 0x36);
                opad[i] = (byte) (b ^ 0x5c);
            }
            inner = MessageDigest.getInstance("SHA-256");
            inner.update(ipad);
            outer = MessageDigest.getInstance("SHA-256");
            outer.update(opad);
            inner.clone();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] b = mac.doFinal("review.excerpt.selection-base".getBytes(StandardCharsets.US_ASCII));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (b[i] & 0xFF);
            }
            base = (v & M) % (M - (1L << 20)) + (1L << 20);
            mac.reset();
            byte[] id = mac.doFinal("review.excerpt.key-id".getBytes(StandardCharsets.US_ASCII));
            keyId = HexFormat.of().formatHex(id, 0, 4);
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
        long p = 1;
        for (int i = 0; i < K; i++) {
            p = mulMod(p, base);
        }
        basePowK = p;
    }

    /** Identifies the key (not secret: derived from it by HMAC, reveals nothing about it). */
    public String keyId() {
        return keyId;
    }

    /**
     * Positions of the selected grams, ascending and distinct: robust winnowing with window W.
     * Empty when the text has fewer than RUN letters. One pass: the selection hash of gram i
     * ({@code sum (c[i+j]+1) * base^(K-1-j) mod M}, j < K) is rolled from gram i−1 and kept in a ring of
     * the last W hashes; no array of the text's size is allocated beside the answer.
     */
    int[] select(Letters l) {
        int n = l.count - K + 1;
        if (n < W) {
            return new int[0];
        }
        int[] cps = l.codePoints;
        long[] ring = new long[W];          // W = 16: index & (W - 1)
        int[] out = new int[n / 4 + 8];
        int k = 0;
        long h = 0;
        for (int i = 0; i < K; i++) {
            h = mulMod(h, base) + cps[i] + 1;
            if (h >= M) {
                h -= M;
            }
        }
        ring[0] = h;
        int min = -1;
        long minHash = 0;
        for (int end = 0; end < n; end++) {
            if (end > 0) {
                // roll: drop letter end-1, add letter end+K-1
                long v = mulMod(h, base) + cps[end + K - 1] + 1;
                if (v >= M) {
                    v -= M;
                }
                v -= mulMod(cps[end - 1] + 1L, basePowK);
                h = v < 0 ? v + M : v;
                ring[end & (W - 1)] = h;
            }
            if (end < W - 1) {
                continue;
            }
            int start = end - W + 1;
            if (min < start) {
                min = start;
                minHash = ring[start & (W - 1)];
                for (int j = start + 1; j <= end; j++) {
                    long hj = ring[j & (W - 1)];
                    if (hj <= minHash) {
                        min = j;
                        minHash = hj;
                    }
                }
            } else if (h <= minHash) {
                min = end;
                minHash = h;
            }
            if (k == 0 || out[k - 1] != min) {
                if (k == out.length) {
                    out = Arrays.copyOf(out, k * 2);
                }
                out[k++] = min;
            }
        }
        return Arrays.copyOf(out, k);
    }

    /** The stored fingerprint of the gram at letter {@code i}. */
    long gram(Letters l, int i) {
        return hmac('G', l.codePoints, i, K);
    }

    /** The stored fingerprint of the run of RUN letters at letter {@code i}. */
    long run(Letters l, int i) {
        return hmac('R', l.codePoints, i, RUN);
    }

    /** What a protected document keeps: distinct selected-gram fingerprints and distinct run fingerprints, sorted. */
    public record Prints(int characters, long[] grams, long[] runs) {
    }

    Prints prints(Letters l) {
        int[] selected = select(l);
        long[] grams = new long[selected.length];
        for (int i = 0; i < selected.length; i++) {
            grams[i] = gram(l, selected[i]);
        }
        int runs = Math.max(0, l.count - RUN + 1);
        long[] r = new long[runs];
        for (int i = 0; i < runs; i++) {
            r[i] = run(l, i);
        }
        return new Prints(l.count, distinct(grams), distinct(r));
    }

    static long[] distinct(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        int k = 0;
        for (int i = 0; i < s.length; i++) {
            if (k == 0 || s[k - 1] != s[i]) {
                s[k++] = s[i];
            }
        }
        return Arrays.copyOf(s, k);
    }

    /** Per-thread buffers of {@link #hmac}: the message and the digests are written into them, not allocated. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1 + 3 * RUN + 64]);

    /** HMAC-SHA256(key, tag ‖ 3-byte code points of cps[from, from+len)), first 8 bytes big-endian. */
    long hmac(char tag, int[] cps, int from, int len) {
        byte[] buf = SCRATCH.get();
        int m = 1 + 3 * len;
        byte[] msg = buf.length >= m + 64 ? buf : new byte[m + 64];
        msg[0] = (byte) tag;
        for (int i = 0; i < len; i++) {
            int cp = cps[from + i];
            msg[1 + 3 * i] = (byte) (cp >>> 16);
            msg[2 + 3 * i] = (byte) (cp >>> 8);
            msg[3 + 3 * i] = (byte) cp;
        }
        try {
            MessageDigest in = (MessageDigest) inner.clone();
            in.update(msg, 0, m);
            in.digest(msg, m, 32);
            MessageDigest out = (MessageDigest) outer.clone();
            out.update(msg, m, 32);
            out.digest(msg, m + 32, 32);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (msg[m + 32 + i] & 0xFF);
            }
            return v;
        } catch (CloneNotSupportedException | java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    static long mulMod(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        long r = (lo & M) + ((lo >>> 61) | (hi << 3));
        r = (r & M) + (r >>> 61);
        return r >= M ? r - M : r;
    }
}
