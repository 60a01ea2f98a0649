package cn.disclosure.review.extract;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads that feed OCR processes and drain their output, so no stream can block a caller. */
final class OcrStreams {

    private static final AtomicInteger THREADS = new AtomicInteger();

    static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), task -> {
                Thread thread = new Thread(task, "ocr-stream-" + THREADS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    private OcrStreams() {
    }
}
