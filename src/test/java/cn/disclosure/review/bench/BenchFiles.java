package cn.disclosure.review.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes the request bodies the HTTP benchmarks send: a 5,000-character draft and a 100,000-term lexicon. */
public final class BenchFiles {
    private BenchFiles() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench");
        Files.createDirectories(dir);
        String draft = BenchCorpus.prose(5_000, 2024);
        Files.writeString(dir.resolve("check-5000.json"),
                new ObjectMapper().writeValueAsString(Map.of("channel", "WEBSITE", "title", "关于一季度重点工作推进情况的通报", "text", draft)),
                StandardCharsets.UTF_8);
        List<String> terms = BenchCorpus.lexicon(BenchSizes.TERMS, 7);
        StringBuilder tsv = new StringBuilder("# generated benchmark lexicon\n");
        for (int i = 0; i < terms.size(); i++) {
            tsv.append(terms.get(i)).append('\t').append(i % 3 == 0 ? "BLOCK" : "WARN").append('\t').append("bench ").append(i).append('\n');
        }
        Files.writeString(dir.resolve("lexicon-100k.tsv"), tsv, StandardCharsets.UTF_8);
        System.out.println("written to " + dir.toAbsolutePath());
    }
}
