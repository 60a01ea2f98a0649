package cn.disclosure.review.bench;

import cn.disclosure.review.excerpt.ExcerptIndex;
import cn.disclosure.review.excerpt.ExcerptMatcher;
import cn.disclosure.review.excerpt.Fingerprinter;
import cn.disclosure.review.excerpt.MemoryRunStore;
import cn.disclosure.review.text.Normalizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Time the excerpt check adds to one 5,000-character check with 1,000 protected documents of
 * 5,000 characters registered: normalising the part again, keeping its letters, winnowing (rolling
 * selection hash over every gram), HMAC-SHA256 of each selected gram, the lookups in the candidate
 * index, and the confirmation of candidates (here against run fingerprints in memory; the service
 * asks the database, once per candidate batch). Scenarios:
 * <ul>
 * <li>{@code planted}: the documents share no phrase with the draft except one planted 40-letter
 * quotation of one of them (one candidate, one confirmed passage);</li>
 * <li>{@code clean}: the same without the quotation (the usual case: no candidate at all);</li>
 * <li>{@code same-phrases}: the documents are made of the same notice phrases as the draft, so it
 * shares dozens of formulaic 30-letter runs with them and every one is confirmed — the worst case
 * the boilerplate subtraction exists for, not subtracted here.</li>
 * </ul>
 * Usage: {@code bash deploy/bench.sh text 'cn.disclosure.review.bench.ExcerptBenchmark.*'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class ExcerptBenchmark {
    static final int DOCUMENTS = Integer.getInteger("bench.protected.documents", 1_000);
    static final int DOCUMENT_CHARS = Integer.getInteger("bench.protected.chars", 5_000);
    static final int CHECK_CHARS = 5_000;

    @Param({"clean", "planted", "same-phrases"})
    String scenario;

    String text;
    ExcerptIndex index;
    MemoryRunStore runs;
    ExcerptMatcher matcher;
    int indexSize;

    @Setup(Level.Trial)
    public void setUp() {
        Fingerprinter f = new Fingerprinter("benchmark-key-benchmark-key-0123".getBytes());
        runs = new MemoryRunStore(f);
        String prose = BenchCorpus.prose(CHECK_CHARS, 42);
        String planted = null;
        for (int i = 0; i < DOCUMENTS; i++) {
            String doc = scenario.equals("same-phrases") ? BenchCorpus.prose(DOCUMENT_CHARS, 1000 + i)
                    : shuffledLetters(prose, DOCUMENT_CHARS, 1000 + i);
            runs.add(i + 1, "受保护文件 " + (i + 1), doc);
            if (i == DOCUMENTS / 2) {
                planted = doc.substring(1000, 1045);
            }
        }
        index = runs.index();
        indexSize = index.size();
        text = prose.substring(0, CHECK_CHARS);
        if (scenario.equals("planted")) {
            text = text.substring(0, 2500) + planted + text.substring(2500 + planted.length());
        }
        matcher = new ExcerptMatcher(f);
        int found = matcher.find(Normalizer.standard().normalize(text), index, runs).size();
        System.out.printf("%n%s: %d documents, %d gram fingerprints in the index, %d passages found in the check%n",
                scenario, DOCUMENTS, indexSize, found);
    }

    /** Random letters with the prose's character frequencies, punctuation every few characters. */
    static String shuffledLetters(String prose, int chars, long seed) {
        int[] letters = prose.codePoints().filter(Character::isLetterOrDigit).toArray();
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder(chars + 16);
        while (b.length() < chars) {
            b.appendCodePoint(letters[r.nextInt(letters.length)]);
            if (r.nextInt(14) == 0) {
                b.append(r.nextBoolean() ? '，' : '。');
            }
        }
        return b.toString();
    }

    @Benchmark
    public int excerptLookup() {
        return matcher.find(Normalizer.standard().normalize(text), index, runs).size();
    }

    /**
     * Plain run for a shared machine: the same set-up and operation, timed by the thread's CPU time
     * (what the lookup costs a check, whatever else the cores are doing) and by the wall clock.
     * Usage: {@code java -cp … cn.disclosure.review.bench.ExcerptBenchmark [rounds] [ops per round]}.
     */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (String scenario : new String[]{"clean", "planted", "same-phrases"}) {
            ExcerptBenchmark b = new ExcerptBenchmark();
            b.scenario = scenario;
            b.setUp();
            int sink = 0;
            for (int i = 0; i < ops * 2; i++) {
                sink += b.excerptLookup();
            }
            for (int r = 0; r < rounds; r++) {
                long cpu0 = mx.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                for (int i = 0; i < ops; i++) {
                    sink += b.excerptLookup();
                }
                double cpuUs = (mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / ops;
                double wallUs = (System.nanoTime() - wall0) / 1e3 / ops;
                System.out.printf("%-13s round %d: %8.1f µs CPU per check, %8.1f µs wall clock%n", scenario, r + 1, cpuUs, wallUs);
            }
            System.out.println("(" + sink + ")");
        }
    }
}
