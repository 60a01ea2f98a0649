package cn.disclosure.review.bench;

import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.search.RegisterIndexBenchAccess;
import cn.disclosure.review.search.RegisterIndexStore;
import cn.disclosure.review.search.RegisterItem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The register index at scale: indexes N synthetic register items of about 1 KB of text each
 * (government-notice prose from {@link BenchCorpus}), then measures search latency (p50/p95 over
 * 1,000 queries: phrases of 2–8 characters cut from the corpus, some with AND/OR/-, a department
 * filter on a tenth) and the candidate step of a 10-term lexicon change over all items. Prints
 * figures; asserts nothing (speed goals belong here, not in tests).
 * Usage: {@code java -cp … cn.disclosure.review.bench.RegisterIndexBench [N] [dir]}.
 */
public final class RegisterIndexBench {
    private static final String[] DEPARTMENTS = {"办公室", "财务科", "人事科", "政策法规科", "信息中心", "综合科", "宣传科", "审批科"};
    private static final String[] CHANNELS = {"WEBSITE", "WECHAT", "WEIBO"};

    private RegisterIndexBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("register-bench");
        String pool = BenchCorpus.prose(2_000_000, 7);
        Random r = new Random(11);
        long t0 = System.nanoTime();
        try (RegisterIndexStore store = RegisterIndexStore.openForBulk(dir, 256)) {
            long base = 1_700_000_000_000L;
            for (int i = 1; i <= n; i++) {
                int off = r.nextInt(pool.length() - 400);
                String body = pool.substring(off, off + 330);          // ~330 characters ≈ 1 KB of UTF-8
                String title = "关于" + pool.substring(off + 20, off + 32) + "的通知";
                store.add(new RegisterItem(i, i, title, null, CHANNELS[i % 3], DEPARTMENTS[i % DEPARTMENTS.length],
                        "https://www.example.gov.cn/" + i + ".html", base + i * 60_000L, i % 50 == 0,
                        List.of(new ExtractedPart("title", title, ExtractedPart.Origin.VISIBLE),
                                new ExtractedPart("body", body, ExtractedPart.Origin.VISIBLE))));
                if (i % 100_000 == 0) {
                    System.out.printf("indexed %,d (%.1f s)%n", i, (System.nanoTime() - t0) / 1e9);
                }
            }
            store.commit();
            double indexSeconds = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            store.forceMerge();
            double mergeSeconds = (System.nanoTime() - t1) / 1e9;
            System.out.printf("N=%,d indexed in %.1f s (%.0f items/s), force-merged in %.1f s, index size %.1f MB%n", n,
                    indexSeconds, n / indexSeconds, mergeSeconds, store.sizeBytes() / 1e6);

            // search latency
            List<String> queries = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                int off = r.nextInt(pool.length() - 20);
                String phrase = pool.substring(off, off + 2 + r.nextInt(7)).replaceAll("[\\s，。：、（）《》“”]", "");
                if (phrase.length() < 2) {
                    phrase = "工作";
                }
                String q = switch (i % 4) {
                    case 0 -> "\"" + phrase + "\"";
                    case 1 -> phrase + " AND 通知";
                    case 2 -> phrase + " OR 防汛";
                    default -> phrase + " -资金";
                };
                queries.add(q);
            }
            for (int i = 0; i < 200; i++) {          // warm-up
                RegisterIndexBenchAccess.search(store, queries.get(i), i % 10 == 0 ? DEPARTMENTS[i % 8] : null);
            }
            long[] nanos = new long[queries.size()];
            long totalHits = 0;
            for (int i = 0; i < queries.size(); i++) {
                long s0 = System.nanoTime();
                totalHits += RegisterIndexBenchAccess.search(store, queries.get(i), i % 10 == 0 ? DEPARTMENTS[i % 8] : null);
                nanos[i] = System.nanoTime() - s0;
            }
            Arrays.sort(nanos);
            System.out.printf("search (page of 20 with highlights): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms; mean hits %,d%n",
                    nanos[nanos.length / 2] / 1e6, nanos[nanos.length * 95 / 100] / 1e6, nanos[nanos.length * 99 / 100] / 1e6,
                    nanos[nanos.length - 1] / 1e6, totalHits / queries.size());

            // the candidate step of a 10-term lexicon change
            List<String> terms = BenchCorpus.lexicon(10, 5);
            long c0 = System.nanoTime();
            int candidates = store.candidates(terms).size();
            System.out.printf("rescan candidates for a 10-term change: %,d candidates in %.1f ms%n", candidates,
                    (System.nanoTime() - c0) / 1e6);
        }
        if (args.length < 2) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
