package cn.disclosure.review.bench;

import com.hankcs.hanlp.collection.AhoCorasick.AhoCorasickDoubleArrayTrie;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Reference point for the engine benchmark, over the same text and terms: a raw HanLP
 * Aho-Corasick scan — one automaton pass and nothing else, the floor any lexicon engine pays.
 * Each invocation processes the whole text; chars/s = text length ÷ seconds per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
public class HanlpScanBenchmark {
    String text;
    AhoCorasickDoubleArrayTrie<String> trie;

    @Setup(Level.Trial)
    public void setUp() {
        text = BenchCorpus.prose(BenchSizes.TEXT_CHARS, 42);
        List<String> terms = BenchCorpus.lexicon(BenchSizes.TERMS, 7);
        TreeMap<String, String> map = new TreeMap<>();
        terms.forEach(t -> map.put(t, t));
        trie = new AhoCorasickDoubleArrayTrie<>();
        trie.build(map);
    }

    @Benchmark
    public int hanlpAhoCorasickScan() {
        int[] hits = new int[1];
        trie.parseText(text, (begin, end, value) -> hits[0]++);
        return hits[0];
    }
}
