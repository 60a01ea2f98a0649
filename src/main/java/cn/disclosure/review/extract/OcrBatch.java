package cn.disclosure.review.extract;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import cn.disclosure.review.extract.ExtractedPart.Origin;

/**
 * The pages and pictures of one submission on their way through OCR. The reading thread submits
 * them as it meets them and goes on reading; they are recognised in parallel on the shared pool;
 * each result is written into its part in the order of submission (so the same file always gives
 * the same text and offsets), as soon as everything before it is written. A bounded window of
 * pictures waits at a time (memory). A page that failed or took too long is a problem naming the page.
 */
final class OcrBatch {

    private record Entry(String place, String label, String stage, String partName, OcrService.Job job) {
    }

    private final OcrService service;
    private final PartSink sink;
    private final ExtractionProgress progress;
    private final Consumer<ExtractionProblem> problems;
    private final Semaphore window;
    private final List<Entry> entries = new ArrayList<>();
    private int written;
    private boolean abandoned;

    OcrBatch(OcrService service, PartSink sink, ExtractionProgress progress, Consumer<ExtractionProblem> problems, int window) {
        this.service = service;
        this.sink = sink;
        this.progress = progress;
        this.problems = problems;
        this.window = new Semaphore(Math.max(1, window));
    }

    boolean available() {
        return service.available();
    }

    /**
     * Recognises {@code rgb} into part {@code place + "/ocr"}. {@code label} names the place for a
     * problem (「扫描件.pdf」第 7 页), {@code stage} for progress (识别 扫描件.pdf 第 7/10 页). The unit
     * must have been planned. Waits while the window is full.
     */
    void submit(String place, String label, String stage, BufferedImage rgb) throws InterruptedException {
        window.acquire();
        String partName = place + "/ocr";
        Entry entry;
        synchronized (this) {
            if (abandoned) {
                window.release();
                return;
            }
            sink.reserve(partName, Origin.OCR);
        }
        OcrService.Job job;
        try {
            job = service.submit(rgb);
        } catch (RuntimeException e) {
            window.release();
            problems.accept(Problems.ocrFailedAt(place, label));
            progress.done(1, stage);
            return;
        }
        entry = new Entry(place, label, stage, partName, job);
        synchronized (this) {
            entries.add(entry);
        }
        job.outcome.whenComplete((outcome, error) -> {
            window.release();
            progress.done(1, stage);
            writeReady();
        });
    }

    /** Waits until every submitted page and picture is recognised (each has its own limit) and written. */
    void finish() throws InterruptedException {
        List<Entry> all;
        synchronized (this) {
            all = List.copyOf(entries);
        }
        for (Entry e : all) {
            try {
                e.job().outcome.get();
            } catch (ExecutionException ex) {
                // an outcome always completes normally
            }
        }
        writeReady();
    }

    /** Stops: nothing more is written, and pictures not yet started are not started for this submission. */
    synchronized void abandon() {
        abandoned = true;
        for (int i = written; i < entries.size(); i++) {
            entries.get(i).job().release();
        }
    }

    /** Writes the finished results at the head of the submission order. */
    private synchronized void writeReady() {
        while (!abandoned && written < entries.size() && entries.get(written).job().outcome.isDone()) {
            Entry e = entries.get(written++);
            OcrService.Outcome outcome = e.job().outcome.getNow(null);
            if (outcome.failure() == null) {
                try {
                    for (String line : outcome.text().split("\\R")) {
                        sink.appendLine(e.partName(), Origin.OCR, SymbolFonts.mapPrivateUseStars(line));
                    }
                } catch (LimitReachedException limit) {
                    problems.accept(limit.problem());
                }
            } else if (outcome.failure() == OcrService.Failure.TIMEOUT) {
                problems.accept(Problems.ocrTimeout(e.place(), e.label(), service.timeout()));
            } else {
                problems.accept(Problems.ocrFailedAt(e.place(), e.label()));
            }
        }
    }
}
