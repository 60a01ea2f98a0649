package cn.disclosure.review.extract;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

/**
 * OCR for the whole service: one engine, a pool of {@code review.extract.ocr.threads} threads
 * (one per core by default) shared by all submissions, each picture within its own time limit, and
 * a bounded memory of recent results by the picture's SHA-256 so that the same picture — a logo on
 * every page, an image pasted twice, a file inspected again — is recognised once. Only successful
 * readings are remembered. A picture no one waits for any more (its submission timed out) is not
 * started. Never logs what was read.
 */
final class OcrService implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OcrService.class);

    /** What became of one picture. */
    record Outcome(String text, Failure failure) {
        static Outcome read(String text) {
            return new Outcome(text, null);
        }
    }

    enum Failure {
        /** The engine did not finish within the per-picture limit. */
        TIMEOUT,
        /** The engine failed on the picture, or OCR is unavailable. */
        FAILED,
        /** Nobody waited for it any more. */
        SKIPPED
    }

    /** One recognition, shared by everyone who submitted the same picture while it was remembered. */
    final class Job {
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        private final AtomicInteger waiting = new AtomicInteger(1);

        /** The submitter no longer needs the result (its reading was abandoned). */
        void release() {
            waiting.decrementAndGet();
        }

        private boolean join() {
            return waiting.getAndUpdate(n -> n > 0 ? n + 1 : n) > 0;
        }
    }

    private final OcrEngine engine;
    private final Duration timeout;
    private final int cacheEntries;
    private final ThreadPoolExecutor pool;
    private final Map<String, Job> recent;

    OcrService(ExtractConfig.Ocr config) {
        this(OcrEngine.create(config), config);
    }

    OcrService(OcrEngine engine, ExtractConfig.Ocr config) {
        this.engine = engine;
        this.timeout = config.timeout();
        this.cacheEntries = Math.max(0, config.cacheEntries());
        this.recent = new LinkedHashMap<>(16, 0.75f, true);
        int threads = config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
        AtomicInteger names = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "ocr-" + names.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        if (engine.available()) {
            LOG.infof("文字识别（OCR）可用：%s，并行 %d，每页限时 %d 秒", engine.name(), threads, timeout.toSeconds());
        } else {
            LOG.warnf("文字识别（OCR）不可用（%s：%s）：图片与扫描页一律按无法读取处理",
                    engine.name(), engine.unavailableReason());
        }
    }

    boolean available() {
        return engine.available();
    }

    String engineName() {
        return engine.name();
    }

    /** Pictures recognised at the same time. */
    int threads() {
        return pool.getMaximumPoolSize();
    }

    /** The per-picture limit. */
    Duration timeout() {
        return timeout;
    }

    /** Recognises {@code rgb} (8-bit RGB, see {@link Pictures#rgb}), or joins the same picture's recognition. */
    Job submit(BufferedImage rgb) {
        String key = cacheEntries > 0 ? engine.name() + ":" + Pictures.fingerprint(rgb) : null;
        Job job;
        synchronized (recent) {
            if (key != null) {
                Job known = recent.get(key);
                if (known != null) {
                    Outcome done = known.outcome.getNow(null);
                    if (done != null ? done.failure() == null : known.join()) {
                        return known;
                    }
                }
            }
            job = new Job();
            if (key != null) {
                recent.put(key, job);
                while (recent.size() > cacheEntries) {
                    recent.remove(recent.keySet().iterator().next());
                }
            }
        }
        if (key != null) {
            job.outcome.whenComplete((outcome, error) -> {
                if (outcome == null || outcome.failure() != null) {
                    synchronized (recent) {
                        recent.remove(key, job);
                    }
                }
            });
        }
        try {
            pool.execute(() -> run(job, rgb));
        } catch (RejectedExecutionException e) {
            job.outcome.complete(new Outcome(null, Failure.FAILED));
        }
        return job;
    }

    private void run(Job job, BufferedImage rgb) {
        if (job.waiting.get() <= 0) {
            job.outcome.complete(new Outcome(null, Failure.SKIPPED));
            return;
        }
        try {
            job.outcome.complete(Outcome.read(engine.recognize(rgb, timeout)));
        } catch (OcrEngine.TimeoutException e) {
            job.outcome.complete(new Outcome(null, Failure.TIMEOUT));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.outcome.complete(new Outcome(null, Failure.FAILED));
        } catch (IOException | RuntimeException | Error e) {
            LOG.warnf("OCR failed on a picture (%s)", e.getClass().getSimpleName());
            job.outcome.complete(new Outcome(null, Failure.FAILED));
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        engine.close();
    }
}
