package cn.disclosure.review.bench;

import com.github.houbb.sensitive.word.bs.SensitiveWordBs;
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
import java.util.concurrent.TimeUnit;

/**
 * The usual open-source choice, houbb sensitive-word 0.25.0, in its default configuration (which,
 * like the engine, folds case, width, 繁简 and number styles) with the same terms over the first
 * {@link BenchSizes#PEER_CHARS} characters of the same text, timed single-shot: it needs minutes
 * per pass over the whole text.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
public class SensitiveWordPeerBenchmark {
    String text;
    SensitiveWordBs peer;

    @Setup(Level.Trial)
    public void setUp() {
        text = BenchCorpus.prose(BenchSizes.PEER_CHARS, 42);
        List<String> terms = BenchCorpus.lexicon(BenchSizes.TERMS, 7);
        peer = SensitiveWordBs.newInstance()
                .wordDeny(() -> terms)
                .wordAllow(List::of)
                .enableNumCheck(false).enableEmailCheck(false).enableUrlCheck(false)
                .enableWordCheck(true)
                .init();
    }

    @Benchmark
    public int houbbSensitiveWord() {
        return peer.findAll(text).size();
    }
}
