package cn.disclosure.review.extract;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits and OCR settings of the content extraction ({@code review.extract.*}). */
@ConfigMapping(prefix = "review.extract")
public interface ExtractConfig {

    /** Largest file read, also for each embedded file (bytes). Larger ones are a {@code too-large} problem. */
    @WithDefault("52428800")
    long maxFileBytes();

    /** Most bytes unpacked from one submitted file, all embedded files together (zip-bomb guard). */
    @WithDefault("268435456")
    long maxExpandedBytes();

    /** Most bytes an embedded file may unpack to per byte of its container (zip-bomb guard). */
    @WithDefault("100")
    long maxCompressionRatio();

    /** Most characters of text taken from one submitted file, all parts together (write limit). */
    @WithDefault("2000000")
    int maxChars();

    /** How deep files embedded in files are followed (a zip in a docx in a zip is depth 2). */
    @WithDefault("5")
    int maxEmbeddedDepth();

    /** Most embedded files read from one submitted file. */
    @WithDefault("200")
    int maxEmbeddedCount();

    /** Deepest XHTML element nesting Tika may produce before the file is refused. */
    @WithDefault("200")
    int maxXmlDepth();

    /** Hard limit for reading one submitted file, embedded files and OCR included. */
    @WithDefault("60s")
    Duration timeout();

    /** Files read at the same time; further requests wait up to {@link #busyWait()}. */
    @WithDefault("4")
    int maxConcurrent();

    /** How long a request waits for a free reader before it gets the {@code busy} problem. */
    @WithDefault("5s")
    Duration busyWait();

    Ocr ocr();

    interface Ocr {
        /** Whether images and image-only PDF pages are OCR'd when Tesseract is installed. */
        @WithDefault("true")
        boolean enabled();

        /** Tesseract languages; every one must be installed, or OCR counts as unavailable. */
        @WithDefault("chi_sim+eng")
        String language();

        /** Limit for one Tesseract run (one image or one page). */
        @WithDefault("50s")
        Duration timeout();

        /** Resolution PDF pages are rendered at for OCR. */
        @WithDefault("300")
        int pdfDpi();

        /** Images narrower or lower than this (pixels) cannot hold legible text and are skipped. */
        @WithDefault("12")
        int minImageSide();
    }
}
