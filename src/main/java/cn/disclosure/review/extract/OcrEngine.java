package cn.disclosure.review.extract;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * One OCR engine ({@code review.extract.ocr.engine}): reads the text of one picture (a page or an
 * image, already decoded, 8-bit RGB) within a time limit. Implementations run the recognition in a
 * separate process that is killed at the limit, so a hostile or huge picture can neither crash nor
 * hold the service; they are thread-safe and never log the text they read.
 */
interface OcrEngine extends AutoCloseable {

    /** The recognition did not finish within its limit (the process was stopped). */
    final class TimeoutException extends Exception {
        TimeoutException() {
            super("ocr timeout");
        }
    }

    /** The name in the configuration, e.g. {@code rapidocr}. */
    String name();

    /** Null when the engine works; otherwise why not (for the log, no content). */
    String unavailableReason();

    default boolean available() {
        return unavailableReason() == null;
    }

    /** The text of {@code rgb}, lines separated by line breaks. */
    String recognize(BufferedImage rgb, Duration timeout) throws TimeoutException, IOException, InterruptedException;

    /** Stops the engine's processes. */
    @Override
    void close();

    /** The engine the configuration names, probed; an unknown name is an unavailable engine (fail closed). */
    static OcrEngine create(ExtractConfig.Ocr config) {
        String name = config.engine() == null ? "" : config.engine().strip().toLowerCase(Locale.ROOT);
        if (!config.enabled()) {
            return new Unavailable(name, "disabled by review.extract.ocr.enabled=false");
        }
        return switch (name) {
            case "tesseract" -> TesseractEngine.probe(config);
            case "rapidocr" -> RapidOcrEngine.start(config);
            default -> new Unavailable(name, "unknown engine (review.extract.ocr.engine: rapidocr or tesseract)");
        };
    }

    /** An engine that is not there: every picture is reported unreadable. */
    record Unavailable(String name, String unavailableReason) implements OcrEngine {
        @Override
        public String recognize(BufferedImage rgb, Duration timeout) throws IOException {
            throw new IOException("ocr unavailable");
        }

        @Override
        public void close() {
        }
    }
}
