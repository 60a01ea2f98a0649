package cn.disclosure.review.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

import cn.disclosure.review.extract.ContentExtractor;
import cn.disclosure.review.extract.ExtractConfig;
import cn.disclosure.review.extract.Extraction;
import cn.disclosure.review.extract.IsolatedContentExtractor;
import cn.disclosure.review.extract.SubmittedFile;
import cn.disclosure.review.extract.TikaContentExtractor;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * What parsing in a worker process costs per file: a small DOCX and a small PDF (text layer, no
 * OCR) read one after the other, in-process ({@link TikaContentExtractor}) and through a warm
 * worker ({@link IsolatedContentExtractor}), wall-clock per file (median, p90) and the CPU seconds
 * of the service's JVM. Usage: {@code bash deploy/bench.sh isolation [files per run]}.
 */
public final class IsolationBench {

    private IsolationBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        byte[] docx = docx();
        byte[] pdf = pdf();
        System.out.printf("load average at start: %s%n", loadAverage());
        System.out.printf("%-12s %-6s %10s %10s %12s %14s%n", "mode", "file", "median ms", "p90 ms", "JVM CPU ms", "worker CPU ms");
        for (String mode : List.of("in-process", "process")) {
            ContentExtractor extractor = create(mode);
            try {
                if (extractor instanceof IsolatedContentExtractor) {
                    // the first file waits for the first worker to start; then it is warm
                    extractor.extractFile(new SubmittedFile("warm.docx", docx));
                }
                for (String kind : List.of("docx", "pdf")) {
                    byte[] bytes = kind.equals("docx") ? docx : pdf;
                    for (int i = 0; i < 30; i++) {
                        check(extractor.extractFile(new SubmittedFile("warm." + kind, bytes)));
                    }
                    List<Double> ms = new ArrayList<>();
                    double cpu0 = cpuMillis();
                    double workers0 = workerCpuMillis();
                    for (int i = 0; i < n; i++) {
                        long t0 = System.nanoTime();
                        check(extractor.extractFile(new SubmittedFile("file-" + i + "." + kind, bytes)));
                        ms.add((System.nanoTime() - t0) / 1e6);
                    }
                    double cpu = (cpuMillis() - cpu0) / n;
                    double workers = (workerCpuMillis() - workers0) / n;
                    Collections.sort(ms);
                    System.out.printf("%-12s %-6s %10.2f %10.2f %12.2f %14.2f%n", mode, kind, ms.get(n / 2), ms.get(n * 9 / 10), cpu, workers);
                }
            } finally {
                if (extractor instanceof IsolatedContentExtractor isolated) {
                    isolated.shutdown();
                } else {
                    ((TikaContentExtractor) extractor).shutdown();
                }
            }
        }
        System.out.printf("load average at end: %s%n", loadAverage());
    }

    private static void check(Extraction x) {
        if (!x.problems().isEmpty() || x.parts().isEmpty()) {
            throw new IllegalStateException("unexpected problems: " + x.problems().stream().map(p -> p.code()).toList());
        }
    }

    private static ContentExtractor create(String isolation) {
        Map<String, String> values = Map.of("review.extract.isolation", isolation, "review.extract.ocr.enabled", "false",
                "review.extract.worker.warm", "1", "review.extract.worker.max-files", "0");
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ExtractConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(values, "bench", 500)).build();
        ExtractConfig c = config.getConfigMapping(ExtractConfig.class);
        return isolation.equals("process") ? new IsolatedContentExtractor(c) : new TikaContentExtractor(c);
    }

    private static byte[] docx() throws IOException {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int i = 0; i < 20; i++) {
                doc.createParagraph().createRun().setText("关于开展全民健身活动的通知。各科室：为丰富职工业余文化生活，定于下月在机关活动中心举办健身活动。" + i);
            }
            doc.write(out);
            return out.toByteArray();
        }
    }

    private static byte[] pdf() throws IOException {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
                s.beginText();
                s.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                s.newLineAtOffset(50, 700);
                for (int i = 0; i < 20; i++) {
                    s.showText("Notice on the fitness activities of the office, line " + i);
                    s.newLineAtOffset(0, -14);
                }
                s.endText();
            }
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static double cpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
    }

    /** CPU of the live child processes (the workers; they are kept for the whole run: max-files 0), from /proc, 100 ticks a second. */
    private static double workerCpuMillis() {
        double total = 0;
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            try {
                String[] stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + child.pid() + "/stat"))
                        .replaceAll(".*\\) ", "").split(" ");
                total += (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) * 10.0;
            } catch (IOException | RuntimeException e) {
                // the process ended
            }
        }
        return total;
    }

    private static String loadAverage() {
        return String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
