package cn.disclosure.review.extract;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import cn.disclosure.review.extract.ExtractedPart.Origin;

/**
 * Extracts every place text can hide in a draft body or an uploaded file with Apache Tika, its own
 * WordprocessingML, HTML and OFD readers and OCR ({@link OcrService}: every page and picture, in
 * parallel, each within its own limit). Each file is read on a bounded pool within a document-level
 * limit; when all readers are busy a request waits a bounded time. Nothing is thrown for bad input:
 * what could not be read comes back as a problem, and content is never logged.
 *
 * <p>This is the reading itself, in the JVM that calls it: the service runs it inside its parsing
 * worker processes ({@link ExtractWorker}, see {@link IsolatedContentExtractor}); it runs in the
 * service's own JVM only with {@code review.extract.isolation=in-process} (development,
 * benchmarks) and in the unit tests of the readers.
 */
public class TikaContentExtractor implements ContentExtractor {

    private final ExtractConfig config;
    private final TikaSetup tika;
    private final OcrService ocr;
    private final Semaphore permits;
    private final ThreadPoolExecutor executor;

    public TikaContentExtractor(ExtractConfig config) {
        this(config, OcrEngine.create(config.ocr()));
    }

    /** With a given OCR engine (tests count its work). */
    TikaContentExtractor(ExtractConfig config, OcrEngine engine) {
        this.config = config;
        this.tika = new TikaSetup(config);
        this.ocr = new OcrService(engine, config.ocr());
        int readers = Math.max(1, config.maxConcurrent());
        this.permits = new Semaphore(readers);
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(readers, readers, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "content-extractor-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /** Whether images and scanned pages are OCR'd (the configured engine started and answered). */
    public boolean ocrAvailable() {
        return ocr.available();
    }

    /** The OCR engine in use ({@code rapidocr} or {@code tesseract}). */
    public String ocrEngine() {
        return ocr.engineName();
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
        String name = partName == null || partName.isBlank() ? "body" : partName;
        if (body == null || body.isBlank()) {
            return new Extraction(List.of(), List.of());
        }
        if (HtmlReader.looksLikeHtml(body)) {
            return run(name, progress, reading -> reading.readHtmlBody(name, body));
        }
        String text = SymbolFonts.mapPrivateUseStars(body);
        if (text.length() > config.maxChars()) {
            return new Extraction(List.of(new ExtractedPart(name, text.substring(0, config.maxChars()), Origin.VISIBLE)),
                    List.of(Problems.tooLong(name, config.maxChars())));
        }
        return new Extraction(List.of(new ExtractedPart(name, text, Origin.VISIBLE)), List.of());
    }

    @Override
    public Extraction extractFile(SubmittedFile file, ExtractionProgress progress) {
        String name = fileName(file.filename());
        byte[] bytes = file.bytes() == null ? new byte[0] : file.bytes();
        if (bytes.length > config.maxFileBytes()) {
            return new Extraction(List.of(new ExtractedPart(name + "/file-name", name, Origin.METADATA)),
                    List.of(Problems.tooLarge(name, config.maxFileBytes())));
        }
        return run(name, progress, reading -> reading.readFile(name, bytes));
    }

    private Extraction run(String name, ExtractionProgress progress, Consumer<FileReading> work) {
        FileReading reading = new FileReading(tika, ocr, name, progress);
        try {
            if (!permits.tryAcquire(config.busyWait().toMillis(), TimeUnit.MILLISECONDS)) {
                reading.problem(Problems.busy(name));
                return reading.result();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reading.problem(Problems.busy(name));
            return reading.result();
        }
        Future<?> future;
        try {
            future = executor.submit(() -> {
                try {
                    work.accept(reading);
                } finally {
                    permits.release();
                }
            });
        } catch (RejectedExecutionException e) {
            permits.release();
            reading.problem(Problems.busy(name));
            return reading.result();
        }
        try {
            future.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reading.abandon(Problems.timeout(name, config.timeout()));
            future.cancel(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reading.abandon(Problems.timeout(name, config.timeout()));
            future.cancel(true);
        } catch (ExecutionException e) {
            reading.problem(reading.classify(e.getCause(), name));
        }
        return reading.result();
    }

    /** The name as the user gave it, without a client's directory ("C:\fakepath\a.docx"). */
    static String fileName(String filename) {
        if (filename == null || filename.isBlank()) {
            return "附件";
        }
        String name = filename.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).strip();
        return name.isEmpty() ? "附件" : name;
    }

    /** Stops the readers and the OCR workers. */
    public void shutdown() {
        executor.shutdownNow();
        ocr.close();
    }
}
