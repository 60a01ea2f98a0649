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

    /**
     * Hard limit for reading one submitted file, embedded files and OCR of all its pages and
     * pictures included (the document-level limit; each page also has {@link Ocr#timeout()}).
     */
    @WithDefault("10m")
    Duration timeout();

    /** Files read at the same time; further requests wait up to {@link #busyWait()}. */
    @WithDefault("4")
    int maxConcurrent();

    /** How long a request waits for a free reader before it gets the {@code busy} problem. */
    @WithDefault("5s")
    Duration busyWait();

    /**
     * Where files and HTML bodies are parsed: {@code process} (default: in worker processes, see
     * {@link IsolatedContentExtractor}) or {@code in-process} (inside the service's JVM; for
     * development and benchmarks only — a hostile file can then take the service down). Any other
     * value stops the start.
     */
    @WithDefault("process")
    String isolation();

    /** The parsing worker processes ({@code review.extract.worker.*}). */
    Worker worker();

    Ocr ocr();

    /** Settings of the parsing worker processes. */
    interface Worker {
        /** Heap of each worker ({@code -Xmx}); a file that needs more ends the worker and is reported unreadable. */
        @WithDefault("1g")
        String maxHeap();

        /** Workers started ahead of time (at boot, in the background, and again after one ends); at most {@code max-concurrent}. */
        @WithDefault("1")
        int warm();

        /** Files one worker reads before it is replaced by a fresh one (0: never). */
        @WithDefault("200")
        int maxFiles();

        /**
         * Time past {@code review.extract.timeout} after which a worker that has not answered is
         * killed (the worker stops a reading at the limit itself; this catches one that cannot).
         */
        @WithDefault("15s")
        Duration killGrace();

        /** How long a new worker may take to start (JVM, Tika) before it counts as failed. */
        @WithDefault("120s")
        Duration startTimeout();
    }

    interface Ocr {
        /** Whether images, scanned PDF pages and pictures in PDF pages are OCR'd (when the engine works). */
        @WithDefault("true")
        boolean enabled();

        /** The OCR engine: {@code rapidocr} (PP-OCR models run by ONNX Runtime) or {@code tesseract}. */
        @WithDefault("rapidocr")
        String engine();

        /** Tesseract languages; every one must be installed, or OCR counts as unavailable. */
        @WithDefault("chi_sim+eng")
        String language();

        /** Limit for recognising one page or one picture; a page over it is an unreadable problem naming the page. */
        @WithDefault("60s")
        Duration timeout();

        /** Pages and pictures recognised at the same time, all submissions together; 0 means one per core. */
        @WithDefault("0")
        int threads();

        /** Resolution PDF pages are rendered at for OCR. */
        @WithDefault("300")
        int pdfDpi();

        /** Images narrower or lower than this (pixels) cannot hold legible text and are skipped. */
        @WithDefault("12")
        int minImageSide();

        /** Pictures larger than this many pixels are scaled down before OCR (memory and time bound). */
        @WithDefault("40000000")
        long maxPixels();

        /** Recognised pictures remembered by their pixels (SHA-256), so the same picture is read once; 0 turns it off. */
        @WithDefault("256")
        int cacheEntries();

        RapidOcr rapidocr();
    }

    /** Settings of the {@code rapidocr} engine. */
    interface RapidOcr {
        /** PP-OCR model generation shipped in the jar: {@code v4} or {@code v3}. */
        @WithDefault("v4")
        String model();

        /** Longest side (pixels) a picture is scaled to for text detection; recognition reads the full picture. */
        @WithDefault("1600")
        int maxSideLen();

        /** Whether each text line's direction is classified, so that upside-down lines (a sheet scanned the wrong way round) are read too. */
        @WithDefault("true")
        boolean detectAngle();

        /** Heap of each OCR worker process (the models live outside the heap). */
        @WithDefault("96m")
        String workerHeap();
    }
}
