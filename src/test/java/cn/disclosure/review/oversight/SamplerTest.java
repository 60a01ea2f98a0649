package cn.disclosure.review.oversight;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SamplerTest {

    static List<Sampler.Unit> frame(int n, String... strata) {
        List<Sampler.Unit> f = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String s = strata.length == 0 ? "" : strata[i % strata.length];
            f.add(new Sampler.Unit(1000 + i * 7L, "h" + i, s));
        }
        return f;
    }

    @Test
    void discoverySizeIsTheSmallestNThatFindsAProblemWithConfidenceC() {
        assertThat(Sampler.discoverySize(0.95, 0.05)).isEqualTo(59);
        assertThat(Sampler.discoverySize(0.99, 0.05)).isEqualTo(90);
        assertThat(Sampler.discoverySize(0.95, 0.01)).isEqualTo(299);
        // definition: (1-p)^n <= 1-C and (1-p)^(n-1) > 1-C
        for (double c : new double[]{0.8, 0.9, 0.95, 0.99}) {
            for (double p : new double[]{0.01, 0.02, 0.05, 0.1, 0.2}) {
                int n = Sampler.discoverySize(c, p);
                assertThat(Math.pow(1 - p, n)).isLessThanOrEqualTo(1 - c + 1e-12);
                assertThat(Math.pow(1 - p, n - 1)).isGreaterThan(1 - c);
            }
        }
    }

    @Test
    void sameSeedAndFrameGiveTheSameSampleWhateverTheFrameOrder() {
        List<Sampler.Unit> f = frame(200);
        List<Sampler.Unit> shuffled = new ArrayList<>(f);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        List<Sampler.Drawn> a = Sampler.draw("seed-one", f, 30);
        List<Sampler.Drawn> b = Sampler.draw("seed-one", shuffled, 30);
        assertThat(ids(a)).isEqualTo(ids(b)).hasSize(30);
        assertThat(new HashSet<>(ids(a))).hasSize(30);                    // without replacement
        assertThat(ids(Sampler.draw("seed-two", f, 30))).isNotEqualTo(ids(a));
        assertThat(Sampler.frameHash(f)).isEqualTo(Sampler.frameHash(shuffled));
        assertThat(Sampler.frameHash(f)).isNotEqualTo(Sampler.frameHash(f.subList(1, f.size())));
    }

    @Test
    void drawIsTheDocumentedAlgorithm() {
        // draw 0 takes index SHA-256(seed || 00000000) mod 200 of the frame ascending by id
        List<Sampler.Unit> f = frame(200);
        byte[] h = Sampler.digest("abc".getBytes(java.nio.charset.StandardCharsets.UTF_8), null, 0);
        int index = new java.math.BigInteger(1, h).mod(java.math.BigInteger.valueOf(200)).intValue();
        assertThat(Sampler.draw("abc", f, 1).get(0).unit().id()).isEqualTo(f.get(index).id());
        assertThat(cn.disclosure.review.core.Sha256.hex(concat("abc".getBytes(), new byte[]{0, 0, 0, 0})))
                .isEqualTo(java.util.HexFormat.of().formatHex(h));
    }

    @Test
    void theSampleIsCappedAtTheFrame() {
        assertThat(Sampler.draw("s", frame(5), 59)).hasSize(5);
    }

    @Test
    void strataGetProportionalSharesAndAtLeastOneEach() {
        List<Sampler.Unit> f = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            f.add(new Sampler.Unit(i, "h", "A"));
        }
        for (int i = 90; i < 100; i++) {
            f.add(new Sampler.Unit(i, "h", "B"));
        }
        f.add(new Sampler.Unit(100, "h", "C"));
        List<Sampler.Drawn> d = Sampler.draw("seed", f, 20);
        Map<String, Long> per = d.stream().collect(Collectors.groupingBy(x -> x.unit().stratum(), Collectors.counting()));
        assertThat(per.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(20);
        assertThat(per).containsKeys("A", "B", "C");
        assertThat(per.get("C")).isEqualTo(1);
        assertThat(per.get("A")).isBetween(16L, 18L);
        assertThat(ids(Sampler.draw("seed", f, 20))).isEqualTo(ids(d));
        assertThat(Sampler.draw("seed", f, 101)).hasSize(101);
    }

    private static List<Long> ids(List<Sampler.Drawn> d) {
        return d.stream().map(x -> x.unit().id()).toList();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
