package cn.disclosure.review.bench;

import cn.disclosure.review.extract.ExtractedPart.Origin;
import cn.disclosure.review.inspect.TextInspector;
import cn.disclosure.review.text.WordBoundaries;
import cn.disclosure.review.lexicon.CompiledLexicon;
import cn.disclosure.review.lexicon.LexiconParser;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The inspection engine's text path on one core — normalisation (繁→简, width, invisible and noise
 * characters, offset map), classification marks, the 100,000-term lexicon with word-boundary
 * checks, and personal data — over the same text and terms as the reference benchmarks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
public class EngineBenchmark {
    /**
     * Word-boundary window decisions remembered across texts (the service default) or none: the
     * benchmark prose repeats its phrases, as an office's drafts do, so the cache decides most
     * windows; with 0 every short hit next to a possible dictionary word is segmented afresh.
     */
    @Param({"32768", "0"})
    int windowCache;

    String text;
    TextInspector inspector;

    @Setup(Level.Trial)
    public void setUp() {
        WordBoundaries.cacheWindows(windowCache);
        text = BenchCorpus.prose(BenchSizes.TEXT_CHARS, 42);
        List<String> terms = BenchCorpus.lexicon(BenchSizes.TERMS, 7);
        StringBuilder tsv = new StringBuilder();
        for (int i = 0; i < terms.size(); i++) {
            tsv.append(terms.get(i)).append('\t').append(i % 3 == 0 ? "BLOCK" : "WARN").append('\n');
        }
        CompiledLexicon lexicon = CompiledLexicon.compile(List.of(new LexiconParser(1_000_000).parse("bench", 1, tsv.toString())));
        inspector = new TextInspector(lexicon);
    }

    @Benchmark
    public int engine() {
        return inspector.inspect("body", text, Origin.VISIBLE).size();
    }
}
