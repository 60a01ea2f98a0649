package cn.disclosure.review.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the text benchmarks in one JMH run and prints chars/s per benchmark and the engine's
 * ratio to sensitive-word. Usage: {@code bash deploy/bench.sh [regex]}.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws RunnerException {
        String include = args.length > 0 ? args[0] : "cn.disclosure.review.bench.*Benchmark.*";
        Options opts = new OptionsBuilder().include(include).build();
        Collection<RunResult> results = new Runner(opts).run();
        Map<String, Double> charsPerSecond = new LinkedHashMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            String name = method;
            for (String key : r.getParams().getParamsKeys()) {
                name += " " + key + "=" + r.getParams().getParam(key);
            }
            double msPerOp = r.getPrimaryResult().getScore();
            int chars = method.equals("houbbSensitiveWord") ? BenchSizes.PEER_CHARS : BenchSizes.TEXT_CHARS;
            charsPerSecond.put(name, chars / (msPerOp / 1000.0));
        }
        System.out.printf("%n%-40s %14s%n", "benchmark (" + BenchSizes.TEXT_CHARS + " chars, " + BenchSizes.TERMS + " terms)", "M chars/s");
        charsPerSecond.forEach((k, v) -> System.out.printf("%-40s %14.3f%n", k, v / 1e6));
        Double peer = charsPerSecond.get("houbbSensitiveWord");
        charsPerSecond.forEach((k, v) -> {
            if (k.startsWith("engine") && peer != null) {
                System.out.printf("%s / sensitive-word: %.1f×%n", k, v / peer);
            }
        });
    }
}
