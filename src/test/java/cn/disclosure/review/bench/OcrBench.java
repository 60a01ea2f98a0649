package cn.disclosure.review.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import cn.disclosure.review.extract.ContentExtractor;
import cn.disclosure.review.extract.Extraction;
import cn.disclosure.review.extract.ExtractConfig;
import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.extract.ScanPages;
import cn.disclosure.review.extract.SubmittedFile;
import cn.disclosure.review.extract.TestFiles;
import cn.disclosure.review.extract.TikaContentExtractor;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.DefaultInspectionEngine;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.InspectionRequest;
import cn.disclosure.review.inspect.InspectionResult;
import cn.disclosure.review.inspect.Policy;
import cn.disclosure.review.core.Channel;
import cn.disclosure.review.lexicon.CompiledLexicon;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * OCR benchmark (not a test; figures in docs/ocr.md): {@code bash deploy/bench.sh ocr [accuracy|scan]
 * [engines] [pages]}.
 *
 * <ul>
 * <li>{@code accuracy}: scanned A4 pages at 300 dpi in five looks (红头 with table, 公文 16 pt, turned
 * 1.5°, turned −2.5° with noise, 10 pt with noise), each with a different marking; per engine the
 * character accuracy against the printed text, whether the marking was read exactly and whether
 * the recognizers found it, and CPU seconds per page (service and OCR processes together).</li>
 * <li>{@code scan}: extraction + inspection of a 1-, 10- and 50-page scanned PDF (marking on the last
 * page but one) per engine, service defaults (one OCR per core, no result memory): wall seconds,
 * seconds per page, CPU seconds, whether the marking was found on its page and nothing timed out.</li>
 * </ul>
 */
public final class OcrBench {

    private static final String[] MARKS = {"机密★5年", "绝密★长期", "秘密", "秘密★1年", "机密★10年"};
    private static final String[] LOOKS = {"红头+表格 12pt", "公文 16pt", "倾斜 1.5°", "倾斜 -2.5°+噪点", "10pt+噪点"};

    private OcrBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "scan";
        List<String> engines = List.of((args.length > 1 ? args[1] : "rapidocr,tesseract").split(","));
        System.out.printf("machine: %d cores, %s %s, java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        if ("accuracy".equals(mode)) {
            accuracy(engines);
        } else {
            List<Integer> sizes = new ArrayList<>();
            for (String n : (args.length > 2 ? args[2] : "1,10,50").split(",")) {
                sizes.add(Integer.parseInt(n.strip()));
            }
            scan(engines, sizes);
        }
    }

    private static ScanPages.Style look(int i) {
        return switch (i) {
            case 0 -> new ScanPages.Style(null, true, true, 50, 0, 0);
            case 1 -> new ScanPages.Style(null, true, false, 67, 0, 0);
            case 2 -> new ScanPages.Style(null, true, true, 50, 1.5, 0);
            case 3 -> new ScanPages.Style(null, true, true, 50, -2.5, 0.6);
            default -> new ScanPages.Style(null, false, true, 42, 0.8, 1.0);
        };
    }

    private static void accuracy(List<String> engines) throws Exception {
        System.out.printf("%-10s %-18s %-9s %8s %9s %10s %10s%n", "engine", "look", "marking", "cpu s", "accuracy", "exact mark", "recognized");
        for (String engine : engines) {
            TikaContentExtractor extractor = extractor(engine);
            try {
                if (!extractor.ocrAvailable()) {
                    System.out.println(engine + ": not available");
                    continue;
                }
                // warm the engine: the first picture pays for starting workers and loading models
                extractor.extractFile(new SubmittedFile("warm.png", TestFiles.png(TestFiles.picture("预热"))));
                for (int i = 0; i < LOOKS.length; i++) {
                    ScanPages.Page page = ScanPages.page(1, look(i).withMarking(MARKS[i]), 100 + i);
                    byte[] png = TestFiles.png(page.image());
                    double cpu0 = cpuSeconds();
                    Extraction[] seen = new Extraction[1];
                    ContentExtractor recording = new ContentExtractor() {
                        @Override
                        public Extraction extractBody(String partName, String body) {
                            return extractor.extractBody(partName, body);
                        }

                        @Override
                        public Extraction extractFile(SubmittedFile file) {
                            seen[0] = extractor.extractFile(file);
                            return seen[0];
                        }
                    };
                    InspectionResult result = inspect(recording, "page.png", png);
                    double cpu = cpuSeconds() - cpu0;
                    Extraction x = seen[0];
                    String read = x.parts().stream().filter(p -> p.name().equals("page.png/ocr")).map(ExtractedPart::text).findFirst().orElse("");
                    String flat = read.replaceAll("\\s+", "");
                    boolean recognized = result.findings().stream().anyMatch(f -> f.category() == Category.CLASSIFICATION_MARK);
                    System.out.printf("%-10s %-18s %-9s %8.1f %9.3f %10s %10s%n", engine, LOOKS[i], MARKS[i], cpu,
                            accuracy(page.text(), flat), flat.contains(MARKS[i]), recognized);
                }
                System.out.printf("%s: OCR worker processes peak RSS %s%n", engine, workerPeakRss());
            } finally {
                extractor.shutdown();
            }
        }
    }

    private static void scan(List<String> engines, List<Integer> sizes) throws Exception {
        Map<Integer, byte[]> pdfs = new HashMap<>();
        for (int n : sizes) {
            pdfs.put(n, ScanPages.pdf(ScanPages.document(n, Math.max(1, n - 1), "机密★5年", look(0), n)));
            System.out.printf("%d-page scan: %.1f MB%n", n, pdfs.get(n).length / 1e6);
        }
        System.out.printf("%-10s %6s %9s %9s %9s %-30s %s%n", "engine", "pages", "wall s", "s/page", "cpu s", "marking found on", "unreadable");
        for (String engine : engines) {
            TikaContentExtractor extractor = extractor(engine);
            try {
                if (!extractor.ocrAvailable()) {
                    System.out.println(engine + ": not available");
                    continue;
                }
                extractor.extractFile(new SubmittedFile("warm.png", TestFiles.png(TestFiles.picture("预热"))));
                for (int n : sizes) {
                    double cpu0 = cpuSeconds();
                    long t0 = System.nanoTime();
                    InspectionResult result = inspect(extractor, "扫描件.pdf", pdfs.get(n));
                    double wall = (System.nanoTime() - t0) / 1e9;
                    double cpu = cpuSeconds() - cpu0;
                    List<String> marked = result.findings().stream().filter(f -> f.category() == Category.CLASSIFICATION_MARK)
                            .map(Finding::part).distinct().toList();
                    long unreadable = result.findings().stream().filter(f -> f.category() == Category.UNREADABLE).count();
                    System.out.printf("%-10s %6d %9.1f %9.2f %9.1f %-30s %d%n", engine, n, wall, wall / n, cpu, marked, unreadable);
                }
                System.out.printf("%s: OCR worker processes peak RSS %s%n", engine, workerPeakRss());
            } finally {
                extractor.shutdown();
            }
        }
    }

    private static InspectionResult inspect(ContentExtractor extractor, String name, byte[] bytes) {
        return new DefaultInspectionEngine(extractor, CompiledLexicon::empty, Policy.defaults(), 3)
                .inspect(new InspectionRequest(Channel.WEBSITE, null, null, List.of(new SubmittedFile(name, bytes))));
    }

    /**
     * The service defaults with the engine chosen, no remembered results (every page is really read),
     * a generous document limit; {@code -Dpage-limit=10m} lifts the per-page limit on a loaded machine.
     */
    private static TikaContentExtractor extractor(String engine) {
        Map<String, String> values = Map.of("review.extract.ocr.engine", engine, "review.extract.ocr.cache-entries", "0",
                "review.extract.timeout", "60m", "review.extract.ocr.timeout", System.getProperty("page-limit", "60s"));
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ExtractConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "bench", 500)).build();
        return new TikaContentExtractor(config.getConfigMapping(ExtractConfig.class));
    }

    /** CPU seconds of this JVM, of its reaped children (Tesseract runs) and of its live descendants (RapidOCR workers). */
    private static double cpuSeconds() throws IOException {
        double own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
        String[] stat = Files.readString(Path.of("/proc/self/stat")).replaceAll(".*\\) ", "").split(" ");
        double children = (Long.parseLong(stat[13]) + Long.parseLong(stat[14])) / 100.0;
        double live = ProcessHandle.current().descendants().mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(0.0)).sum();
        return own + children + live;
    }

    private static String workerPeakRss() {
        List<String> peaks = new ArrayList<>();
        ProcessHandle.current().descendants().forEach(p -> {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(p.pid()), "status"))) {
                    if (line.startsWith("VmHWM:")) {
                        peaks.add(line.substring(6).strip());
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        return peaks.isEmpty() ? "(no long-lived worker)" : String.join(", ", peaks);
    }

    /** 1 − edit distance / length of the printed text (white space removed from both). */
    static double accuracy(String truth, String read) {
        int n = truth.length();
        int m = read.length();
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            for (int j = 1; j <= m; j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (truth.charAt(i - 1) == read.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return 1.0 - (double) prev[m] / n;
    }
}
