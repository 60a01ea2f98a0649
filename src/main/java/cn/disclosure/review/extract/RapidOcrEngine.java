package cn.disclosure.review.extract;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RapidOCR: PP-OCR models (text detection, direction classification, recognition; ONNX Runtime),
 * the engine that reads Chinese scans best here (docs/ocr.md). Its native library runs in worker
 * processes ({@link RapidOcrWorker}, one JVM each, one thread each, kept for the next picture), never
 * inside the service: a picture that takes longer than its limit kills its worker, and a crash of
 * native code ends only that worker. The library and models are copied from the classpath into a
 * private temporary directory (0700) once; each picture goes there as a BMP file of our own
 * making (never the submitted bytes) for the time of its recognition.
 */
final class RapidOcrEngine implements OcrEngine {

    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    private final Path dir;
    private final List<String> command;
    private final BlockingQueue<Worker> idle = new LinkedBlockingQueue<>();
    private final Set<Worker> all = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private volatile String unavailable;
    private volatile boolean closed;

    private RapidOcrEngine(Path dir, List<String> command, String unavailable) {
        this.dir = dir;
        this.command = command;
        this.unavailable = unavailable;
    }

    /** Copies the library and models, starts one worker and waits for it: the engine works, or says why not. */
    static RapidOcrEngine start(ExtractConfig.Ocr config) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return new RapidOcrEngine(null, List.of(), "the RapidOCR native library is shipped for linux x86_64 only, not " + os + "/" + arch);
        }
        String generation = "v3".equalsIgnoreCase(config.rapidocr().model()) ? "v3" : "v4";
        String det = "ch_PP-OCR" + generation + "_det_infer.onnx";
        String rec = "ch_PP-OCR" + generation + "_rec_infer.onnx";
        String cls = "ch_ppocr_mobile_v2.0_cls_infer.onnx";
        String keys = "ppocr_keys_v1.txt";
        Path dir = null;
        try {
            dir = Files.createTempDirectory("review-ocr-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            copy("lib/libRapidOcr.so", dir.resolve("libRapidOcr.so"));
            for (String model : List.of(det, rec, cls, keys)) {
                copy("models/" + model, dir.resolve(model));
            }
            String classpath = String.join(java.io.File.pathSeparator, classpath(RapidOcrWorker.class,
                    com.benjaminwan.ocrlibrary.OcrEngine.class, org.slf4j.LoggerFactory.class));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + config.rapidocr().workerHeap(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-XX:+DisplayVMOutputToStderr", "-Djava.io.tmpdir=" + dir, "-cp", classpath, RapidOcrWorker.class.getName(),
                    dir.resolve("libRapidOcr.so").toString(), dir + "/", det, cls, rec, keys,
                    String.valueOf(Math.max(0, config.rapidocr().maxSideLen())), String.valueOf(config.rapidocr().detectAngle())));
            RapidOcrEngine engine = new RapidOcrEngine(dir, command, null);
            Worker first = engine.startWorker();
            engine.idle.add(first);
            return engine;
        } catch (IOException | RuntimeException e) {
            delete(dir);
            return new RapidOcrEngine(null, List.of(), "RapidOCR could not be started (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            delete(dir);
            return new RapidOcrEngine(null, List.of(), "interrupted while starting RapidOCR");
        }
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = RapidOcrEngine.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            Files.copy(in, target);
        }
    }

    /** The jars (or class directories) the worker needs: where these classes were loaded from. */
    private static Set<String> classpath(Class<?>... classes) throws IOException {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : classes) {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location == null) {
                throw new IOException("no code source for " + c.getName());
            }
            try {
                entries.add(Path.of(location.toURI()).toString());
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IOException("code source of " + c.getName(), e);
            }
        }
        return entries;
    }

    @Override
    public String name() {
        return "rapidocr";
    }

    @Override
    public String unavailableReason() {
        return unavailable;
    }

    @Override
    public String recognize(BufferedImage rgb, Duration timeout) throws TimeoutException, IOException, InterruptedException {
        if (unavailable != null || closed) {
            throw new IOException("ocr unavailable");
        }
        Worker worker = idle.poll();
        if (worker == null) {
            worker = startWorker();
        }
        Path picture = dir.resolve("p-" + UUID.randomUUID() + ".bmp");
        boolean healthy = false;
        try {
            Files.write(picture, Pictures.bmp(Pictures.rgb(rgb)), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            String text = worker.recognize(ids.incrementAndGet(), picture, timeout);
            healthy = true;
            return text;
        } finally {
            Files.deleteIfExists(picture);
            if (healthy && !closed) {
                idle.add(worker);
            } else {
                worker.stop();
            }
        }
    }

    private Worker startWorker() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Worker worker = new Worker(process);
        all.add(worker);
        String first = worker.answers.poll(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        if (!"ready".equals(first)) {
            worker.stop();
            throw new IOException("RapidOCR worker did not start: " + (first == null ? "no answer" : first));
        }
        return worker;
    }

    @Override
    public void close() {
        closed = true;
        for (Worker worker : all) {
            worker.stop();
        }
        delete(dir);
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a temporary directory left behind holds only the library and models
        }
    }

    /** One worker process: requests in, marked answers out (a daemon thread collects them). */
    private final class Worker {
        final Process process;
        final OutputStream requests;
        final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

        Worker(Process process) {
            this.process = process;
            this.requests = process.getOutputStream();
            OcrStreams.POOL.execute(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        int mark = line.indexOf(RapidOcrWorker.MARK);
                        if (mark >= 0) {
                            answers.add(line.substring(mark + RapidOcrWorker.MARK.length()));
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
                answers.add("exit");
            });
        }

        String recognize(long id, Path picture, Duration timeout) throws TimeoutException, IOException, InterruptedException {
            requests.write((id + " " + picture + "\n").getBytes(StandardCharsets.UTF_8));
            requests.flush();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                String answer = left <= 0 ? null : answers.poll(left, TimeUnit.NANOSECONDS);
                if (answer == null) {
                    throw new TimeoutException();
                }
                if ("exit".equals(answer)) {
                    throw new IOException("RapidOCR worker ended");
                }
                String prefix = id + " ";
                if (!answer.startsWith(prefix)) {
                    continue;
                }
                String result = answer.substring(prefix.length());
                if (!result.startsWith("ok ")) {
                    throw new IOException("RapidOCR could not read the picture");
                }
                return new String(Base64.getDecoder().decode(result.substring(3).strip()), StandardCharsets.UTF_8);
            }
        }

        void stop() {
            all.remove(this);
            process.destroyForcibly();
            try {
                requests.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
