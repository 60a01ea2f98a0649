package cn.disclosure.review.extract;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

import cn.disclosure.review.extract.ExtractedPart.Origin;

/**
 * The service's {@link ContentExtractor}. With {@code review.extract.isolation=process} (the
 * default) every file and HTML body is parsed in a worker process ({@link ExtractWorker}, a JVM
 * of its own with its own heap limit, from {@link WorkerPool}): a file that crashes the parser,
 * exits the JVM, exhausts memory or never returns ends that worker only; the file comes back
 * UNREADABLE (a {@code worker-failed}, {@code worker-memory} or {@code timeout} problem) and a new
 * worker takes the next file. OCR runs here, in the service's one OCR pool; workers send it their
 * pages and pictures. Plain-text bodies need no parser and are read here.
 *
 * <p>With {@code in-process} (development and benchmarks only) the same reading runs inside the
 * service's JVM ({@link TikaContentExtractor}).
 */
@Startup
@ApplicationScoped
public class IsolatedContentExtractor implements ContentExtractor {

    private static final Logger LOG = Logger.getLogger(IsolatedContentExtractor.class);

    private final ExtractConfig config;
    private final TikaContentExtractor inProcess;
    /** The OCR engine and the worker pool, set up on a thread of their own (see the constructor). */
    private final CompletableFuture<Isolated> isolated;
    private final Semaphore permits;
    private final java.util.concurrent.atomic.AtomicBoolean setUpStarted = new java.util.concurrent.atomic.AtomicBoolean();

    private record Isolated(OcrService ocr, WorkerPool pool) {
    }

    @Inject
    public IsolatedContentExtractor(ExtractConfig config) {
        this.config = config;
        String isolation = config.isolation() == null ? "" : config.isolation().strip();
        switch (isolation) {
            case "process" -> {
                this.inProcess = null;
                this.permits = new Semaphore(Math.max(1, config.maxConcurrent()));
                // Starting the OCR engine (copying its models, one worker JVM) and the first parse worker
                // takes a second or two of both cores: done once the rest of the start-up is over
                // (onStart) or at the first reading, whichever comes first; not on the critical path.
                // A reading waits for it; nothing is read without it.
                this.isolated = new CompletableFuture<>();
            }
            case "in-process" -> {
                this.inProcess = new TikaContentExtractor(config);
                this.isolated = null;
                this.permits = null;
                LOG.warn("review.extract.isolation=in-process: files are parsed inside the service's JVM; a hostile file "
                        + "can take the service down (for development and benchmarks only)");
            }
            default -> throw new IllegalStateException("review.extract.isolation must be process or in-process, not '" + isolation + "'");
        }
    }

    /** Starts setting up the workers when the rest of the start-up is done (the last start-up observer). */
    void onStart(@jakarta.enterprise.event.Observes @jakarta.annotation.Priority(Integer.MAX_VALUE) io.quarkus.runtime.StartupEvent event) {
        startWorkers();
    }

    /** Sets up the OCR engine and the worker pool on a thread of its own, once. */
    private void startWorkers() {
        if (isolated == null || !setUpStarted.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                isolated.complete(startIsolated(config));
            } catch (RuntimeException | Error e) {
                LOG.errorf("文件解析工作进程无法启动（%s）；文件一律按无法读取处理", e.getClass().getName());
                isolated.completeExceptionally(e);
            }
        }, "content-extractor-start");
        t.setDaemon(true);
        t.start();
    }

    private static Isolated startIsolated(ExtractConfig config) {
        OcrService ocr = new OcrService(OcrEngine.create(config.ocr()), config.ocr());
        WorkerPool pool = new WorkerPool(command(config, ocr), Math.max(1, config.maxConcurrent()), config.worker().warm(),
                config.worker().maxFiles(), config.worker().startTimeout(), maxFrame(config), config.ocr().maxPixels());
        pool.fillWarm();
        LOG.infof("文件在独立的工作进程中解析（最多 %d 个，每个堆内存 %s，预先启动 %d 个）",
                Math.max(1, config.maxConcurrent()), config.worker().maxHeap(), config.worker().warm());
        return new Isolated(ocr, pool);
    }

    /** The OCR engine and worker pool, waiting for their set-up; empty when it failed. */
    private Optional<Isolated> isolated() {
        startWorkers();
        try {
            return Optional.of(isolated.join());
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            return Optional.empty();
        }
    }

    /** Whether images and scanned pages are OCR'd (the configured engine started and answered). */
    public boolean ocrAvailable() {
        return inProcess != null ? inProcess.ocrAvailable() : isolated().map(i -> i.ocr().available()).orElse(false);
    }

    /** The OCR engine in use ({@code rapidocr} or {@code tesseract}). */
    public String ocrEngine() {
        return inProcess != null ? inProcess.ocrEngine() : isolated().map(i -> i.ocr().engineName()).orElse("none");
    }

    /** The worker pool (tests); null in-process. */
    WorkerPool pool() {
        return inProcess != null ? null : isolated().map(Isolated::pool).orElse(null);
    }

    @Override
    public Extraction extractBody(String partName, String body) {
        return extractBody(partName, body, ExtractionProgress.NONE);
    }

    @Override
    public Extraction extractFile(SubmittedFile file) {
        return extractFile(file, ExtractionProgress.NONE);
    }

    @Override
    public Extraction extractBody(String partName, String body, ExtractionProgress progress) {
        if (inProcess != null) {
            return inProcess.extractBody(partName, body, progress);
        }
        String name = partName == null || partName.isBlank() ? "body" : partName;
        if (body == null || body.isBlank()) {
            return new Extraction(List.of(), List.of());
        }
        if (!HtmlReader.looksLikeHtml(body)) {
            String text = SymbolFonts.mapPrivateUseStars(body);
            if (text.length() > config.maxChars()) {
                return new Extraction(List.of(new ExtractedPart(name, text.substring(0, config.maxChars()), Origin.VISIBLE)),
                        List.of(Problems.tooLong(name, config.maxChars())));
            }
            return new Extraction(List.of(new ExtractedPart(name, text, Origin.VISIBLE)), List.of());
        }
        WorkerProtocol.Out request;
        try {
            request = new WorkerProtocol.Out(WorkerProtocol.BODY).writeString(name).writeString(body);
        } catch (IOException e) {
            return new Extraction(List.of(), List.of(Problems.workerFailed(name)));
        }
        return run(name, request, progress, List.of());
    }

    @Override
    public Extraction extractFile(SubmittedFile file, ExtractionProgress progress) {
        if (inProcess != null) {
            return inProcess.extractFile(file, progress);
        }
        String name = TikaContentExtractor.fileName(file.filename());
        byte[] bytes = file.bytes() == null ? new byte[0] : file.bytes();
        List<ExtractedPart> fileName = List.of(new ExtractedPart(name + "/file-name", name, Origin.METADATA));
        if (bytes.length > config.maxFileBytes()) {
            return new Extraction(fileName, List.of(Problems.tooLarge(name, config.maxFileBytes())));
        }
        WorkerProtocol.Out request;
        try {
            request = new WorkerProtocol.Out(WorkerProtocol.FILE).writeString(name).writeBytes(bytes);
        } catch (IOException e) {
            return new Extraction(fileName, List.of(Problems.workerFailed(name)));
        }
        return run(name, request, progress, fileName);
    }

    /** One reading in a worker; what it cannot give becomes a problem, with {@code known} parts kept. */
    private Extraction run(String name, WorkerProtocol.Out request, ExtractionProgress progress, List<ExtractedPart> known) {
        try {
            if (!permits.tryAcquire(config.busyWait().toMillis(), TimeUnit.MILLISECONDS)) {
                return new Extraction(known, List.of(Problems.busy(name)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Extraction(known, List.of(Problems.busy(name)));
        }
        WorkerPool.Reply reply;
        try {
            Optional<Isolated> workers = isolated();
            if (workers.isEmpty()) {
                return new Extraction(known, List.of(Problems.workerFailed(name)));
            }
            Duration limit = config.timeout().plus(config.worker().killGrace());
            reply = workers.get().pool().run(request, limit, progress == null ? ExtractionProgress.NONE : progress, workers.get().ocr());
        } finally {
            permits.release();
        }
        if (reply.extraction() != null) {
            return reply.extraction();
        }
        ExtractionProblem problem = switch (reply.failure()) {
            case TIMEOUT -> Problems.timeout(name, config.timeout());
            case MEMORY -> Problems.workerMemory(name, config.worker().maxHeap());
            case NO_WORKER -> Problems.busy(name);
            default -> Problems.workerFailed(name);
        };
        return new Extraction(known, List.of(problem));
    }

    /** Largest frame a worker may send: a picture for OCR at the pixel limit, or the text of a file at the write limit. */
    private static long maxFrame(ExtractConfig config) {
        long pictures = 3L * (config.ocr().maxPixels() + config.ocr().maxPixels() / 10 + 1_000_000) + 64;
        long text = 8L * config.maxChars() + 16L * 1024 * 1024;
        return Math.min(Integer.MAX_VALUE - 8L, Math.max(pictures, text));
    }

    /** The worker's command line: this JVM's java, the worker's heap and flags, the classpath, the settings. */
    static List<String> command(ExtractConfig config, OcrService ocr) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-Xmx" + config.worker().maxHeap());
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:+DisplayVMOutputToStderr");
        command.add("-Djava.awt.headless=true");
        command.add("-Dfile.encoding=UTF-8");
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath()));
        command.add(ExtractWorker.class.getName());
        for (Map.Entry<String, String> e : settings(config, ocr).entrySet()) {
            command.add(e.getKey() + "=" + e.getValue());
        }
        return command;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .filter(c -> Files.isExecutable(Path.of(c)))
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The settings a worker reads with (one file at a time, OCR by the service). */
    private static Map<String, String> settings(ExtractConfig config, OcrService ocr) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("max-file-bytes", String.valueOf(config.maxFileBytes()));
        s.put("max-expanded-bytes", String.valueOf(config.maxExpandedBytes()));
        s.put("max-compression-ratio", String.valueOf(config.maxCompressionRatio()));
        s.put("max-chars", String.valueOf(config.maxChars()));
        s.put("max-embedded-depth", String.valueOf(config.maxEmbeddedDepth()));
        s.put("max-embedded-count", String.valueOf(config.maxEmbeddedCount()));
        s.put("max-xml-depth", String.valueOf(config.maxXmlDepth()));
        s.put("timeout", config.timeout().toString());
        s.put("max-concurrent", "1");
        s.put("busy-wait", Duration.ofHours(1).toString());
        s.put("isolation", "in-process");
        s.put("ocr.enabled", String.valueOf(config.ocr().enabled()));
        s.put("ocr.timeout", config.ocr().timeout().toString());
        s.put("ocr.threads", String.valueOf(ocr.threads()));
        s.put("ocr.pdf-dpi", String.valueOf(config.ocr().pdfDpi()));
        s.put("ocr.min-image-side", String.valueOf(config.ocr().minImageSide()));
        s.put("ocr.max-pixels", String.valueOf(config.ocr().maxPixels()));
        s.put("ocr.cache-entries", "0");
        s.put("ocr-available", String.valueOf(ocr.available()));
        s.put("ocr-name", ocr.engineName());
        return s;
    }

    /**
     * Every jar and class directory the service's classes come from: where this class was loaded
     * from, every classpath root with a manifest or a Tika parser registration, and in a packaged
     * application (quarkus-app) every library jar. {@code java.class.path} alone is not enough: under
     * Quarkus (and its tests) it may be a launcher jar that names nothing of the application.
     */
    static List<String> classpath() {
        Set<String> entries = new LinkedHashSet<>();
        Path own = location(ExtractWorker.class);
        if (own != null) {
            entries.add(own.toString());
            // packaged: quarkus-app/app/<app>.jar next to quarkus-app/lib/{boot,main}/*.jar
            Path app = own.getParent();
            if (app != null && app.getParent() != null) {
                for (String lib : List.of("lib/boot", "lib/main")) {
                    Path dir = app.getParent().resolve(lib);
                    if (Files.isDirectory(dir)) {
                        try (Stream<Path> jars = Files.list(dir)) {
                            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> entries.add(p.toString()));
                        } catch (IOException e) {
                            // the roots below still name the jars the class loader knows
                        }
                    }
                }
            }
        }
        ClassLoader loader = ExtractWorker.class.getClassLoader();
        for (String marker : List.of("META-INF/services/org.apache.tika.parser.Parser", "META-INF/MANIFEST.MF")) {
            try {
                for (URL url : Collections.list(loader.getResources(marker))) {
                    Path root = root(url, marker);
                    if (root != null) {
                        entries.add(root.toString());
                    }
                }
            } catch (IOException e) {
                // keep what was found
            }
        }
        return List.copyOf(entries);
    }

    private static Path location(Class<?> c) {
        try {
            return c.getProtectionDomain().getCodeSource() == null ? null
                    : Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The jar or directory a resource URL points into, or null for anything else. */
    private static Path root(URL url, String marker) {
        try {
            if ("jar".equals(url.getProtocol())) {
                String spec = url.getFile();
                int bang = spec.indexOf("!/");
                if (bang < 0) {
                    return null;
                }
                URL jar = new URL(spec.substring(0, bang));
                return "file".equals(jar.getProtocol()) ? Path.of(jar.toURI()) : null;
            }
            if ("file".equals(url.getProtocol())) {
                Path path = Path.of(url.toURI());
                for (int i = 0; i < marker.split("/").length && path != null; i++) {
                    path = path.getParent();
                }
                return path;
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** Stops the workers and the OCR. */
    @PreDestroy
    public void shutdown() {
        if (isolated != null && setUpStarted.compareAndSet(false, true)) {
            // never started: nothing to stop, and nothing starts any more
            isolated.completeExceptionally(new IllegalStateException("stopped"));
        } else if (isolated != null) {
            // a set-up still running is finished first, so that its worker processes are stopped too
            isolated().ifPresent(i -> {
                i.pool().close();
                i.ocr().close();
            });
        }
        if (inProcess != null) {
            inProcess.shutdown();
        }
    }
}
