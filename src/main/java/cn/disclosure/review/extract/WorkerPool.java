package cn.disclosure.review.extract;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import cn.disclosure.review.extract.ExtractedPart.Origin;

/**
 * The parsing worker processes ({@link ExtractWorker}): started ahead of time, one file at a time
 * each, killed at the file's wall-clock limit, replaced when they end (crash, exit, out of memory,
 * garbage on the channel, the limit) and after {@code maxFiles} files. Callers bound how many
 * files run at once (the extractor's permits); the pool keeps at most that many idle.
 *
 * <p>Whatever a worker does, {@link #run} returns: a result, or a {@link Failure} for the caller
 * to report as unreadable. One log line per worker that ends abnormally, naming the process and
 * why — never the file, its name or its content.
 */
final class WorkerPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkerPool.class);
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    /** The only environment variables a worker inherits (no keys, passwords or database settings). */
    private static final Set<String> ENVIRONMENT = Set.of("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "HOME", "JAVA_HOME");
    /** Exit status of a JVM stopped by {@code -XX:+ExitOnOutOfMemoryError}. */
    static final int OUT_OF_MEMORY_EXIT = 3;

    /** Why a file got no result. */
    enum Failure {
        /** The worker did not answer within the file's limit and was killed. */
        TIMEOUT,
        /** The worker ran out of its heap. */
        MEMORY,
        /** The worker ended (exit, crash, signal) or broke the protocol. */
        CRASHED,
        /** No worker could be started. */
        NO_WORKER
    }

    /** The answer for one file: an extraction, or why there is none. */
    record Reply(Extraction extraction, Failure failure) {
    }

    private final List<String> command;
    private final int maxIdle;
    private final int warm;
    private final int maxFiles;
    private final Duration startTimeout;
    private final long maxFrame;
    private final long maxPixels;
    private final LinkedBlockingDeque<Worker> idle = new LinkedBlockingDeque<>();
    private final Set<Worker> all = ConcurrentHashMap.newKeySet();
    private final AtomicInteger starting = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final ScheduledExecutorService timer;
    private final ExecutorService background;
    private volatile boolean closed;

    /**
     * {@code command} starts one worker; at most {@code maxIdle} are kept idle, {@code warm} are
     * kept started ahead of time; frames from workers are at most {@code maxFrame} bytes and OCR
     * pictures at most {@code maxPixels}.
     */
    WorkerPool(List<String> command, int maxIdle, int warm, int maxFiles, Duration startTimeout, long maxFrame, long maxPixels) {
        this.command = List.copyOf(command);
        this.maxIdle = Math.max(1, maxIdle);
        this.warm = Math.max(0, Math.min(warm, this.maxIdle));
        this.maxFiles = maxFiles;
        this.startTimeout = startTimeout;
        this.maxFrame = maxFrame;
        this.maxPixels = maxPixels;
        AtomicInteger names = new AtomicInteger();
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "extract-worker-timer"));
        this.background = Executors.newCachedThreadPool(task -> daemon(task, "extract-worker-" + names.incrementAndGet()));
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Starts workers in the background until {@code warm} are idle or starting. */
    void fillWarm() {
        synchronized (starting) {
            while (!closed && idle.size() + starting.get() < warm) {
                starting.incrementAndGet();
                try {
                    background.execute(() -> {
                        try {
                            Worker worker = start();
                            if (closed || idle.size() >= maxIdle) {
                                worker.stop();
                            } else {
                                idle.addLast(worker);
                            }
                        } catch (IOException e) {
                            // logged by start(); the next file tries again
                        } finally {
                            starting.decrementAndGet();
                        }
                    });
                } catch (RuntimeException e) {
                    starting.decrementAndGet();
                    return;
                }
            }
        }
    }

    /** Workers started since the pool began (for tests and the log). */
    int startedCount() {
        return started.get();
    }

    /** Workers that ended abnormally or were retired. */
    int endedCount() {
        return ended.get();
    }

    /** Idle workers now. */
    int idleCount() {
        return idle.size();
    }

    /** Process ids of the workers alive now. */
    List<Long> pids() {
        return all.stream().map(w -> w.pid).toList();
    }

    /**
     * Sends {@code request} to a worker and waits for its result, reporting progress and serving
     * its pages to {@code ocr} (null: every page fails). The worker is killed when no result has
     * come within {@code limit}.
     */
    Reply run(WorkerProtocol.Out request, Duration limit, ExtractionProgress progress, OcrService ocr) {
        Worker worker;
        try {
            worker = acquire();
        } catch (IOException e) {
            return new Reply(null, Failure.NO_WORKER);
        }
        List<OcrService.Job> jobs = new ArrayList<>();
        ScheduledFuture<?> kill = timer.schedule(() -> {
            worker.timedOut = true;
            worker.process.destroyForcibly();
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            worker.send(request);
            while (true) {
                WorkerProtocol.Frame frame = WorkerProtocol.read(worker.in, maxFrame);
                if (frame == null) {
                    throw new EOFException();
                }
                switch (frame.type) {
                    case WorkerProtocol.PLANNED -> {
                        int units = frame.readInt();
                        frame.end();
                        if (units > 0) {
                            report(() -> progress.planned(units));
                        }
                    }
                    case WorkerProtocol.DONE -> {
                        int units = frame.readInt();
                        String stage = frame.readString();
                        frame.end();
                        if (units > 0) {
                            report(() -> progress.done(units, stage));
                        }
                    }
                    case WorkerProtocol.OCR_REQUEST -> serveOcr(worker, frame, ocr, jobs);
                    case WorkerProtocol.RESULT -> {
                        boolean retire = frame.readBoolean();
                        Extraction extraction = result(frame);
                        kill.cancel(false);
                        worker.files++;
                        if (retire) {
                            // pages of an abandoned reading are not needed any more
                            for (OcrService.Job job : jobs) {
                                job.release();
                            }
                            retire(worker, "stopped a reading at the document limit");
                        } else {
                            release(worker);
                        }
                        return new Reply(extraction, null);
                    }
                    default -> throw new WorkerProtocol.ProtocolException("frame type");
                }
            }
        } catch (IOException | RuntimeException e) {
            kill.cancel(false);
            for (OcrService.Job job : jobs) {
                job.release();
            }
            Failure failure = failureOf(worker, e);
            retire(worker, switch (failure) {
                case TIMEOUT -> "killed at the limit of " + limit.toSeconds() + " s";
                case MEMORY -> "out of memory";
                default -> e instanceof WorkerProtocol.ProtocolException
                        ? "broke the protocol (" + e.getMessage() + "), killed"
                        : "ended with exit status " + exitStatus(worker);
            });
            return new Reply(null, failure);
        }
    }

    private static void report(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            // progress is for display only
        }
    }

    private void serveOcr(Worker worker, WorkerProtocol.Frame frame, OcrService ocr, List<OcrService.Job> jobs) throws IOException {
        long id = frame.readLong();
        int width = frame.readInt();
        int height = frame.readInt();
        long pixels = (long) width * height;
        if (width <= 0 || height <= 0 || pixels > maxPixels + maxPixels / 10 + 1_000_000 || pixels * 3 != frame.remaining()) {
            throw new WorkerProtocol.ProtocolException("picture size");
        }
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        frame.readFully(((DataBufferByte) picture.getRaster().getDataBuffer()).getData());
        frame.end();
        if (ocr == null) {
            answer(worker, id, WorkerProtocol.OCR_FAILED, "");
            return;
        }
        OcrService.Job job = ocr.submit(picture);
        jobs.add(job);
        job.outcome.whenComplete((outcome, error) -> {
            if (outcome != null && outcome.failure() == null) {
                answer(worker, id, WorkerProtocol.OCR_OK, outcome.text());
            } else if (outcome != null && outcome.failure() == OcrService.Failure.TIMEOUT) {
                answer(worker, id, WorkerProtocol.OCR_TIMEOUT, "");
            } else {
                answer(worker, id, WorkerProtocol.OCR_FAILED, "");
            }
        });
    }

    private static void answer(Worker worker, long id, byte status, String text) {
        try {
            worker.send(new WorkerProtocol.Out(WorkerProtocol.OCR_ANSWER).writeLong(id).writeByte(status).writeString(text));
        } catch (IOException e) {
            // the worker is gone; its reading reports the failure
        }
    }

    /** The parts and problems of a result frame, checked. */
    private static Extraction result(WorkerProtocol.Frame frame) throws IOException {
        Origin[] origins = Origin.values();
        int partCount = frame.readCount(9);
        List<ExtractedPart> parts = new ArrayList<>(partCount);
        for (int i = 0; i < partCount; i++) {
            String name = frame.readString();
            int origin = frame.readByte();
            String text = frame.readString();
            if (origin < 0 || origin >= origins.length || name.isEmpty()) {
                throw new WorkerProtocol.ProtocolException("part");
            }
            parts.add(new ExtractedPart(name, text, origins[origin]));
        }
        int problemCount = frame.readCount(12);
        List<ExtractionProblem> problems = new ArrayList<>(problemCount);
        for (int i = 0; i < problemCount; i++) {
            String part = frame.readString();
            String code = frame.readString();
            String message = frame.readString();
            if (!CODE.matcher(code).matches()) {
                throw new WorkerProtocol.ProtocolException("problem code");
            }
            problems.add(new ExtractionProblem(part, code, message));
        }
        frame.end();
        return new Extraction(List.copyOf(parts), List.copyOf(problems));
    }

    private Failure failureOf(Worker worker, Exception e) {
        if (worker.timedOut) {
            return Failure.TIMEOUT;
        }
        if (e instanceof WorkerProtocol.ProtocolException) {
            return Failure.CRASHED;
        }
        try {
            if (worker.process.waitFor(10, TimeUnit.SECONDS) && worker.process.exitValue() == OUT_OF_MEMORY_EXIT) {
                return Failure.MEMORY;
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return worker.timedOut ? Failure.TIMEOUT : Failure.CRASHED;
    }

    private static String exitStatus(Worker worker) {
        try {
            worker.process.destroyForcibly();
            if (worker.process.waitFor(5, TimeUnit.SECONDS)) {
                int status = worker.process.exitValue();
                return status > 128 ? status + " (signal " + (status - 128) + ")" : String.valueOf(status);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }

    /** An idle worker that is still alive, or a new one. */
    private Worker acquire() throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        Worker worker;
        while ((worker = idle.pollFirst()) != null) {
            if (worker.process.isAlive()) {
                fillWarm();
                return worker;
            }
            retire(worker, "ended while idle with exit status " + exitStatus(worker));
        }
        worker = start();
        fillWarm();
        return worker;
    }

    private void release(Worker worker) {
        if (closed || (maxFiles > 0 && worker.files >= maxFiles) || idle.size() >= maxIdle) {
            worker.stop();
            fillWarm();
            return;
        }
        idle.addFirst(worker);
    }

    /** Kills a worker that failed or may be unsafe to reuse, logs it once and starts a replacement. */
    private void retire(Worker worker, String why) {
        worker.stop();
        ended.incrementAndGet();
        if (!closed) {
            LOG.warnf("Extraction worker (pid %d) %s; the file it was reading is reported unreadable, a new worker replaces it",
                    worker.pid, why);
        }
        fillWarm();
    }

    Worker start() throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            // a worker taken over by a hostile file must not find the service's secrets in its environment
            Map<String, String> env = builder.environment();
            env.keySet().retainAll(ENVIRONMENT);
            process = builder.start();
        } catch (IOException e) {
            LOG.errorf("Extraction worker could not be started (%s); files are reported unreadable until one starts",
                    e.getClass().getSimpleName());
            throw e;
        }
        Worker worker;
        ScheduledFuture<?> kill;
        try {
            worker = new Worker(process);
            all.add(worker);
            kill = timer.schedule(process::destroyForcibly, startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the pool was closed (the service stops) while this worker was being started
            process.destroyForcibly();
            throw new IOException("closed", e);
        }
        try {
            WorkerProtocol.Frame hello = WorkerProtocol.read(worker.in, 64);
            if (hello == null || hello.type != WorkerProtocol.READY) {
                throw new WorkerProtocol.ProtocolException("no ready");
            }
        } catch (IOException | RuntimeException e) {
            kill.cancel(false);
            String status = exitStatus(worker);
            worker.stop();
            if (closed) {
                throw new IOException("closed", e);
            }
            LOG.errorf("Extraction worker (pid %d) did not start (exit status %s): %s; files are reported unreadable until one starts",
                    worker.pid, status, worker.startErrors());
            throw new IOException("worker did not start", e);
        }
        kill.cancel(false);
        worker.ready = true;
        started.incrementAndGet();
        return worker;
    }

    @Override
    public void close() {
        closed = true;
        for (Worker worker : all) {
            worker.stop();
        }
        idle.clear();
        timer.shutdownNow();
        background.shutdownNow();
    }

    /** One worker process and its channel. */
    private final class Worker {
        final Process process;
        final long pid;
        final DataInputStream in;
        final OutputStream out;
        final StringBuilder startErrors = new StringBuilder();
        volatile boolean ready;
        volatile boolean timedOut;
        int files;

        Worker(Process process) {
            this.process = process;
            this.pid = process.pid();
            this.in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
            this.out = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
            background.execute(this::drainErrors);
        }

        /**
         * Reads the worker's standard error so it can never block; keeps the start of it until the
         * worker is ready (why it did not start), nothing after (it could quote a file).
         */
        private void drainErrors() {
            byte[] buffer = new byte[8192];
            try (InputStream err = process.getErrorStream()) {
                int n;
                while ((n = err.read(buffer)) >= 0) {
                    if (!ready) {
                        synchronized (startErrors) {
                            if (startErrors.length() < 600) {
                                startErrors.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }

        String startErrors() {
            synchronized (startErrors) {
                String s = startErrors.toString().strip().replaceAll("\\s+", " ");
                return s.isEmpty() ? "no output" : s.substring(0, Math.min(300, s.length()));
            }
        }

        void send(WorkerProtocol.Out frame) throws IOException {
            synchronized (out) {
                frame.send(out);
            }
        }

        void stop() {
            all.remove(this);
            process.destroyForcibly();
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
