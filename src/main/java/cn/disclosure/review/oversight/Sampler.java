package cn.disclosure.review.oversight;

import cn.disclosure.review.core.Sha256;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reproducible draw of a spot check (algorithm {@value #ALGORITHM}); see docs/oversight.md.
 *
 * <p>The frame is a list of publications ascending by id. Draw number {@code i} (0, 1, 2, …) takes
 * {@code h = SHA-256(seed ‖ uint32be(i))} for an unstratified draw, or
 * {@code h = SHA-256(seed ‖ UTF-8(stratum) ‖ 0x1F ‖ uint32be(i))} within a stratum, reads {@code h}
 * as an unsigned big-endian 256-bit integer, and takes the element at index {@code h mod r} of the
 * {@code r} elements not drawn yet (still ascending by id) — sampling without replacement, as in
 * RFC 3797 §4. The seed's bytes are the UTF-8 of the seed as shown. Anybody with the seed and the
 * list of ids redraws the same sample.
 */
public final class Sampler {
    public static final String ALGORITHM = "SHA256-SEQ-V1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sampler() {
    }

    /** One element of the frame: publication id, content hash and its stratum key ("" without strata). */
    public record Unit(long id, String contentHash, String stratum) {
    }

    /** A drawn unit with its 1-based position in draw order. */
    public record Drawn(int position, Unit unit) {
    }

    /** A fresh seed: 32 random bytes as 64 lower-case hex digits. */
    public static String randomSeed() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Discovery sample size: the smallest n with (1 − p)^n ≤ 1 − C, i.e. n = ⌈ln(1 − C) / ln(1 − p)⌉
     * (C = 0.95, p = 0.05 give 59): if the problem rate were p or more, a sample of n would show at
     * least one problem with probability C.
     */
    public static int discoverySize(double confidence, double maxProblemRate) {
        if (!(confidence > 0 && confidence < 1) || !(maxProblemRate > 0 && maxProblemRate < 1)) {
            throw new IllegalArgumentException("confidence and rate must lie strictly between 0 and 1");
        }
        double n = Math.log(1 - confidence) / Math.log(1 - maxProblemRate);
        // guard against 58.000000000001 from rounding of an exact integer quotient
        double rounded = Math.rint(n);
        return (int) (Math.abs(n - rounded) < 1e-9 ? rounded : Math.ceil(n));
    }

    /** SHA-256 of the frame lines {@code "<id>:<contentHash>\n"}, ascending by id. */
    public static String frameHash(List<Unit> frame) {
        StringBuilder sb = new StringBuilder();
        for (Unit u : sorted(frame)) {
            sb.append(u.id()).append(':').append(u.contentHash()).append('\n');
        }
        return Sha256.hex(sb.toString());
    }

    /**
     * Draws {@code size} units (capped at the frame size). Without strata (every stratum key empty)
     * from the whole frame; with strata the size is allocated to the strata in proportion to their
     * sizes (largest remainder, ties to the stratum that sorts first; every stratum gets at least
     * one unit when the size allows) and each stratum is drawn on its own. Positions follow the
     * strata in key order, then draw order.
     */
    public static List<Drawn> draw(String seed, List<Unit> frame, int size) {
        List<Unit> all = sorted(frame);
        int n = Math.min(Math.max(size, 0), all.size());
        Map<String, List<Unit>> strata = new TreeMap<>();
        for (Unit u : all) {
            strata.computeIfAbsent(u.stratum(), k -> new ArrayList<>()).add(u);
        }
        List<Drawn> out = new ArrayList<>();
        if (strata.size() <= 1 && (strata.isEmpty() || strata.containsKey(""))) {
            for (Unit u : drawFrom(seed, null, all, n)) {
                out.add(new Drawn(out.size() + 1, u));
            }
            return out;
        }
        Map<String, Integer> alloc = allocate(strata, n, all.size());
        for (Map.Entry<String, List<Unit>> s : strata.entrySet()) {
            for (Unit u : drawFrom(seed, s.getKey(), s.getValue(), alloc.get(s.getKey()))) {
                out.add(new Drawn(out.size() + 1, u));
            }
        }
        return out;
    }

    static Map<String, Integer> allocate(Map<String, List<Unit>> strata, int n, int total) {
        Map<String, Integer> alloc = new LinkedHashMap<>();
        if (n >= strata.size()) {
            // one each first, the rest in proportion to what remains of each stratum
            int rest = n - strata.size();
            int remaining = total - strata.size();
            Map<String, double[]> share = new LinkedHashMap<>();
            int given = 0;
            for (Map.Entry<String, List<Unit>> s : strata.entrySet()) {
                double exact = remaining == 0 ? 0 : (double) rest * (s.getValue().size() - 1) / remaining;
                int floor = (int) Math.floor(exact);
                alloc.put(s.getKey(), 1 + floor);
                share.put(s.getKey(), new double[]{exact - floor});
                given += floor;
            }
            distribute(strata, alloc, share, rest - given);
        } else {
            Map<String, double[]> share = new LinkedHashMap<>();
            int given = 0;
            for (Map.Entry<String, List<Unit>> s : strata.entrySet()) {
                double exact = (double) n * s.getValue().size() / total;
                int floor = (int) Math.floor(exact);
                alloc.put(s.getKey(), floor);
                share.put(s.getKey(), new double[]{exact - floor});
                given += floor;
            }
            distribute(strata, alloc, share, n - given);
        }
        return alloc;
    }

    private static void distribute(Map<String, List<Unit>> strata, Map<String, Integer> alloc, Map<String, double[]> share,
                                   int left) {
        List<String> order = new ArrayList<>(share.keySet());
        order.sort(Comparator.comparingDouble((String k) -> -share.get(k)[0]).thenComparing(k -> k));
        while (left > 0) {
            boolean progressed = false;
            for (String k : order) {
                if (left > 0 && alloc.get(k) < strata.get(k).size()) {
                    alloc.put(k, alloc.get(k) + 1);
                    left--;
                    progressed = true;
                }
            }
            if (!progressed) {
                break;
            }
        }
    }

    private static List<Unit> drawFrom(String seed, String stratum, List<Unit> units, int n) {
        List<Unit> rest = new ArrayList<>(units);
        List<Unit> out = new ArrayList<>(n);
        byte[] seedBytes = seed.getBytes(StandardCharsets.UTF_8);
        byte[] stratumBytes = stratum == null ? null : stratum.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < n; i++) {
            BigInteger h = new BigInteger(1, digest(seedBytes, stratumBytes, i));
            int index = h.mod(BigInteger.valueOf(rest.size())).intValue();
            out.add(rest.remove(index));
        }
        return out;
    }

    static byte[] digest(byte[] seed, byte[] stratum, int i) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(seed);
            if (stratum != null) {
                md.update(stratum);
                md.update((byte) 0x1F);
            }
            md.update(ByteBuffer.allocate(4).putInt(i).array());
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Unit> sorted(List<Unit> frame) {
        List<Unit> s = new ArrayList<>(frame);
        s.sort(Comparator.comparingLong(Unit::id));
        return s;
    }
}
