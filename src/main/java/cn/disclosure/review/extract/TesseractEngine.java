package cn.disclosure.review.extract;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Tesseract ({@code tesseract} on the PATH with every configured language): one process per picture,
 * fed a PGM on standard input and read from standard output, one thread each
 * ({@code OMP_THREAD_LIMIT=1}: pages run in parallel instead), killed at the time limit.
 */
final class TesseractEngine implements OcrEngine {

    private final String language;
    private final String unavailable;

    private TesseractEngine(String language, String unavailable) {
        this.language = language;
        this.unavailable = unavailable;
    }

    static TesseractEngine probe(ExtractConfig.Ocr config) {
        List<String> wanted = Arrays.stream(config.language().split("\\+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        Set<String> installed = new HashSet<>();
        try {
            Process process = new ProcessBuilder("tesseract", "--list-langs").redirectErrorStream(true).start();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readNBytes(1 << 16);
            }
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new TesseractEngine(config.language(), "tesseract --list-langs did not answer");
            }
            for (String line : new String(output, StandardCharsets.UTF_8).split("\\R")) {
                installed.add(line.strip());
            }
        } catch (IOException e) {
            return new TesseractEngine(config.language(), "tesseract not found on PATH");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TesseractEngine(config.language(), "interrupted while checking tesseract");
        }
        List<String> missing = wanted.stream().filter(l -> !installed.contains(l)).toList();
        if (wanted.isEmpty() || !missing.isEmpty()) {
            return new TesseractEngine(config.language(), "tesseract lacks language data " + missing);
        }
        return new TesseractEngine(String.join("+", wanted), null);
    }

    @Override
    public String name() {
        return "tesseract";
    }

    @Override
    public String unavailableReason() {
        return unavailable;
    }

    @Override
    public String recognize(BufferedImage rgb, Duration timeout) throws TimeoutException, IOException, InterruptedException {
        if (unavailable != null) {
            throw new IOException("ocr unavailable");
        }
        byte[] pgm = Pictures.pgm(Pictures.gray(rgb));
        ProcessBuilder builder = new ProcessBuilder("tesseract", "stdin", "stdout", "-l", language, "--psm", "3")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        Process process = builder.start();
        try {
            // feed and drain on other threads: a process that stops reading or floods its output cannot block this one
            CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
                try (OutputStream in = process.getOutputStream()) {
                    in.write(pgm);
                } catch (IOException e) {
                    // the process ended early; its exit status tells
                }
            }, OcrStreams.POOL);
            CompletableFuture<byte[]> drain = CompletableFuture.supplyAsync(() -> {
                try (InputStream out = process.getInputStream()) {
                    return out.readNBytes(8 << 20);
                } catch (IOException e) {
                    return new byte[0];
                }
            }, OcrStreams.POOL);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException();
            }
            if (process.exitValue() != 0) {
                throw new IOException("tesseract exit " + process.exitValue());
            }
            feed.get(5, TimeUnit.SECONDS);
            return new String(drain.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("tesseract output", e);
        } finally {
            process.destroyForcibly();
        }
    }

    @Override
    public void close() {
        // one process per picture: nothing stays running
    }
}
