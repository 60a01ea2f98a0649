package cn.disclosure.review.extract;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaMemoryLimitException;
import org.apache.tika.exception.UnsupportedFormatException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.xml.sax.ContentHandler;
import org.xml.sax.helpers.DefaultHandler;

import cn.disclosure.review.extract.ExtractedPart.Origin;

/**
 * Reading one submission (a file with everything embedded in it, or an HTML body) on a worker
 * thread: detects each file's type, sends it to the reader that knows its places (Word's own
 * reader, HTML, OCR for images, Tika's routed XHTML for the rest), follows embedded files within
 * the depth, count and unpacked-size limits, and turns every failure into a problem. Never throws.
 */
final class FileReading {

    private static final Set<String> OCR_IMAGES = Set.of("image/png", "image/jpeg", "image/tiff", "image/bmp",
            "image/x-ms-bmp", "image/gif", "image/jp2", "image/jpx", "image/x-portable-pixmap");
    private static final Set<String> TEXT_IMAGES = Set.of("image/svg+xml", "image/emf", "image/wmf",
            "image/x-emf", "image/x-wmf", "image/vnd.dwg", "image/vnd.dxf");
    /** Problems reported once per submission, however many embedded files hit them. */
    private static final Set<String> ONCE = Set.of(Problems.TOO_LONG, Problems.TOO_MANY_EMBEDDED, Problems.TIMEOUT);

    /** Frames of one image file (pages of a TIFF, frames of a GIF) recognised at most. */
    static final int MAX_FRAMES = 100;

    private final TikaSetup tika;
    private final ExtractConfig config;
    private final String submission;
    private final PartSink sink;
    private final ExpansionBudget budget;
    private final ExtractionProgress progress;
    private final OcrBatch ocr;
    private final List<ExtractionProblem> problems = new ArrayList<>();
    private final Set<String> reported = new HashSet<>();
    private int embeddedCount;
    private boolean abandoned;

    FileReading(TikaSetup tika, OcrService ocr, String submission, ExtractionProgress progress) {
        this.tika = tika;
        this.config = tika.config;
        this.submission = submission;
        this.sink = new PartSink(config.maxChars(), submission);
        this.budget = new ExpansionBudget(config.maxExpandedBytes());
        this.progress = serialised(progress == null ? ExtractionProgress.NONE : progress);
        this.ocr = new OcrBatch(ocr, sink, this.progress, this::problem, ocr.threads() + 2);
    }

    /** Calls from the reading thread and the OCR threads, one at a time; a failing listener does not stop the reading. */
    private static ExtractionProgress serialised(ExtractionProgress listener) {
        return new ExtractionProgress() {
            @Override
            public synchronized void planned(int units) {
                try {
                    listener.planned(units);
                } catch (RuntimeException e) {
                    // progress is for display only
                }
            }

            @Override
            public synchronized void done(int units, String stage) {
                try {
                    listener.done(units, stage);
                } catch (RuntimeException e) {
                    // progress is for display only
                }
            }
        };
    }

    /** An uploaded file, then the OCR of its pages and pictures. */
    void readFile(String name, byte[] bytes) {
        progress.planned(1);
        read(name, name, bytes, 0);
        finishOcr();
    }

    /** A draft body in HTML, as part {@code name}, then the OCR of its pictures. */
    void readHtmlBody(String name, String html) {
        progress.planned(1);
        try {
            new HtmlReader(sink, name, (path, bytes) -> readEmbedded(path, bytes, 1)).read(html);
        } catch (Throwable failure) {
            problem(classify(failure, name));
        }
        progress.done(1, "读取正文");
        finishOcr();
    }

    private void finishOcr() {
        try {
            ocr.finish();
        } catch (InterruptedException e) {
            // the caller gave up (the document limit): abandon() reports it
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Gives up: records why, stops the reading thread at its next write and ignores what it
     * reports from now on (an interrupted parse fails in ways that are not the file's fault).
     * What was read so far stays.
     */
    synchronized void abandon(ExtractionProblem why) {
        problem(why);
        abandoned = true;
        sink.close();
        ocr.abandon();
    }

    synchronized void problem(ExtractionProblem problem) {
        if (abandoned) {
            return;
        }
        String key = ONCE.contains(problem.code()) ? problem.code() : problem.code() + "\u0000" + problem.part();
        if (reported.add(key)) {
            problems.add(problem);
        }
    }

    synchronized Extraction result() {
        return new Extraction(sink.parts(), List.copyOf(problems));
    }

    private void read(String path, String leaf, byte[] bytes, int depth) {
        try {
            readPlaces(path, leaf, bytes, depth);
        } finally {
            progress.done(1, "读取附件 " + path);
        }
    }

    private void readPlaces(String path, String leaf, byte[] bytes, int depth) {
        try {
            sink.appendLine(path + "/file-name", Origin.METADATA, leaf);
            if (bytes.length == 0) {
                problem(Problems.empty(path));
                return;
            }
            Metadata metadata = new Metadata();
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, leaf);
            MediaType type;
            try (TikaInputStream in = TikaInputStream.get(bytes)) {
                type = tika.detector.detect(in, metadata);
            }
            String base = type.getBaseType().toString();
            if (WordprocessingReader.handles(base)) {
                readWordprocessing(path, bytes, metadata, depth);
            } else if (OfdReader.handles(base, leaf)) {
                new OfdReader(sink, path, budget, config.maxFileBytes(), bombLimit(bytes.length),
                        (child, data) -> readEmbedded(child, data, depth + 1)).read(bytes);
            } else if ("text/html".equals(base) || "application/xhtml+xml".equals(base)) {
                readHtml(path, bytes, metadata, depth);
            } else if (OCR_IMAGES.contains(base)) {
                readImage(path, bytes, metadata, depth);
            } else {
                readWithTika(path, bytes, metadata, depth, type);
            }
        } catch (Throwable failure) {
            problem(classify(failure, path));
        }
    }

    /**
     * The own reader for the places of the text first (streaming, and it stops a package that
     * unpacks to far more than its size), then Tika for the properties and embedded files.
     */
    private void readWordprocessing(String path, byte[] bytes, Metadata metadata, int depth) {
        try {
            new WordprocessingReader(sink, path, budget, config.maxFileBytes(), bombLimit(bytes.length)).read(bytes);
        } catch (Throwable failure) {
            ExtractionProblem problem = classify(failure, path);
            problem(problem);
            if (Problems.ZIP_BOMB.equals(problem.code()) || Problems.TOO_LARGE.equals(problem.code())) {
                return;
            }
        }
        try {
            parse(bytes, new DefaultHandler(), metadata, path, depth);
        } catch (Throwable failure) {
            problem(classify(failure, path));
        }
    }

    /** More unpacked bytes than this from a container of {@code containerBytes} is a zip bomb. */
    private long bombLimit(long containerBytes) {
        return Math.max(10L * 1024 * 1024, config.maxCompressionRatio() * containerBytes);
    }

    private void readHtml(String path, byte[] bytes, Metadata metadata, int depth) throws IOException, LimitReachedException {
        Charset charset;
        try (TikaInputStream in = TikaInputStream.get(bytes)) {
            charset = tika.encodingDetector.detect(in, metadata);
        }
        String html = new String(bytes, charset != null ? charset : StandardCharsets.UTF_8);
        new HtmlReader(sink, path, (child, data) -> readEmbedded(child, data, depth + 1)).read(html);
    }

    private void readImage(String path, byte[] bytes, Metadata metadata, int depth) throws Exception {
        parse(bytes, new RoutingContentHandler(sink, path), metadata, path, depth);
        int width = metadata.getInt(Metadata.IMAGE_WIDTH) != null ? metadata.getInt(Metadata.IMAGE_WIDTH) : -1;
        int height = metadata.getInt(Metadata.IMAGE_LENGTH) != null ? metadata.getInt(Metadata.IMAGE_LENGTH) : -1;
        if ((width >= 0 && width < config.ocr().minImageSide()) || (height >= 0 && height < config.ocr().minImageSide())) {
            return;
        }
        if (!ocr.available()) {
            problem(Problems.ocrUnavailable(path, "是图片"));
            return;
        }
        recognizeFrames(path, bytes);
    }

    /**
     * Every frame of an image file (the pages of a TIFF, the frames of a GIF) is recognised; a file
     * of one frame is part {@code <image>/ocr}, frames of a longer one {@code <image>/page-<n>/ocr}.
     * Decoded within the pixel budget; a picture Java cannot decode is a problem (fail closed).
     */
    private void recognizeFrames(String path, byte[] bytes) throws InterruptedException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                problem(Problems.ocrFailed(path, "是图片（格式无法解码）"));
                return;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, false, true);
                int frames = Math.max(1, reader.getNumImages(true));
                if (frames > MAX_FRAMES) {
                    problem(Problems.ocrFailed(path, "有 " + frames + " 帧（页），只识别了前 " + MAX_FRAMES + " 帧"));
                    frames = MAX_FRAMES;
                }
                progress.planned(frames);
                for (int i = 0; i < frames; i++) {
                    String place = frames == 1 ? path : path + "/page-" + (i + 1);
                    String label = frames == 1 ? "图片「" + path + "」" : "图片「" + path + "」第 " + (i + 1) + " 页";
                    String stage = frames == 1 ? "识别图片 " + path : "识别图片 " + path + " 第 " + (i + 1) + "/" + frames + " 页";
                    int w = reader.getWidth(i);
                    int h = reader.getHeight(i);
                    if (w < config.ocr().minImageSide() || h < config.ocr().minImageSide()) {
                        progress.done(1, stage);
                        continue;
                    }
                    ImageReadParam param = reader.getDefaultReadParam();
                    int step = Pictures.subsampling(w, h, config.ocr().maxPixels());
                    if (step > 1) {
                        param.setSourceSubsampling(step, step, 0, 0);
                    }
                    BufferedImage frame;
                    try {
                        frame = reader.read(i, param);
                    } catch (IOException | RuntimeException e) {
                        problem(Problems.ocrFailedAt(place, label));
                        progress.done(1, stage);
                        continue;
                    }
                    ocr.submit(place, label, stage, Pictures.rgb(frame));
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            problem(Problems.ocrFailed(path, "是图片"));
        }
    }

    private void readWithTika(String path, byte[] bytes, Metadata metadata, int depth, MediaType detected) throws Exception {
        String base = detected.getBaseType().toString();
        if (MediaType.OCTET_STREAM.toString().equals(base)) {
            String byName = tika.detector.detect(null, metadata).getBaseType().toString();
            MetadataParts.write(metadata, path, sink);
            problem(MediaType.OCTET_STREAM.toString().equals(byName)
                    ? Problems.unsupported(path, "未知类型")
                    : Problems.corrupt(path));
            return;
        }
        parse(bytes, new RoutingContentHandler(sink, path), metadata, path, depth);
        String[] parsedBy = metadata.getValues(TikaCoreProperties.TIKA_PARSED_BY);
        boolean noParser = parsedBy.length == 0 || parsedBy[parsedBy.length - 1].endsWith("EmptyParser");
        if (noParser || base.startsWith("audio/") || base.startsWith("video/")
                || (base.startsWith("image/") && !TEXT_IMAGES.contains(base))) {
            problem(Problems.unsupported(path, base));
        }
        if ("application/pdf".equals(base)) {
            try {
                new PdfOcr(path, config.ocr(), ocr, progress, this::problem).read(bytes, metadata.getValues("pdf:charsPerPage"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable failure) {
                problem(Problems.ocrFailed(path, "的扫描页或图片"));
            }
        }
    }

    private void parse(byte[] bytes, ContentHandler handler, Metadata metadata, String path, int depth) throws Exception {
        try (TikaInputStream in = TikaInputStream.get(bytes)) {
            tika.parser.parse(in, handler, metadata, tika.context(new EmbeddedFiles(path, depth, bytes.length)));
        } finally {
            MetadataParts.write(metadata, path, sink);
        }
    }

    /** A file found inside another by the own readers (an inlined picture, a picture of an OFD package). */
    private void readEmbedded(String path, byte[] bytes, int depth) {
        if (!admitEmbedded(path, depth)) {
            return;
        }
        if (bytes.length > config.maxFileBytes()) {
            problem(Problems.tooLarge(path, config.maxFileBytes()));
            progress.done(1, "跳过 " + path);
            return;
        }
        read(path, leafOf(path), bytes, depth);
    }

    private boolean admitEmbedded(String path, int depth) {
        progress.planned(1);
        if (!admitted(path, depth)) {
            progress.done(1, "跳过 " + path);
            return false;
        }
        return true;
    }

    private boolean admitted(String path, int depth) {
        synchronized (this) {
            embeddedCount++;
            if (embeddedCount > config.maxEmbeddedCount()) {
                problem(Problems.tooManyEmbedded(submission, config.maxEmbeddedCount()));
                return false;
            }
        }
        if (depth > config.maxEmbeddedDepth()) {
            problem(Problems.tooDeep(path, config.maxEmbeddedDepth()));
            return false;
        }
        return true;
    }

    /** Tika hands each embedded file here instead of parsing it into the container's text. */
    private final class EmbeddedFiles implements EmbeddedDocumentExtractor {
        private final String container;
        private final int depth;
        private final long containerBytes;
        private int unnamed;

        EmbeddedFiles(String container, int depth, long containerBytes) {
            this.container = container;
            this.depth = depth;
            this.containerBytes = containerBytes;
        }

        @Override
        public boolean shouldParseEmbedded(Metadata metadata) {
            // a thumbnail is a picture of the first page, whose text is read anyway
            String type = metadata.get(TikaCoreProperties.EMBEDDED_RESOURCE_TYPE);
            String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
            return !TikaCoreProperties.EmbeddedResourceType.THUMBNAIL.name().equals(type)
                    && !(name != null && name.toLowerCase(Locale.ROOT).matches("(.*/)?thumbnail\\.[a-z]+"));
        }

        @Override
        public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml) {
            String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
            if (name == null || name.isBlank()) {
                name = metadata.get(TikaCoreProperties.EMBEDDED_RELATIONSHIP_ID);
            }
            if (name == null || name.isBlank()) {
                name = "embedded-" + (++unnamed);
            }
            name = name.replace('\\', '/').replaceAll("^/+", "");
            String path = container + "/" + name;
            if (!admitEmbedded(path, depth + 1)) {
                return;
            }
            byte[] bytes;
            try {
                bytes = budget.readAll(stream, path, config.maxFileBytes(), bombLimit(containerBytes));
            } catch (Throwable failure) {
                problem(classify(failure, path));
                progress.done(1, "跳过 " + path);
                return;
            }
            read(path, leafOf(name), bytes, depth + 1);
        }
    }

    private static String leafOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    /** The problem a failure stands for; never its message (which may quote content). */
    ExtractionProblem classify(Throwable failure, String path) {
        LimitReachedException limit = LimitReachedException.in(failure);
        if (limit != null) {
            return limit.problem();
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EncryptedDocumentException || t instanceof org.apache.poi.EncryptedDocumentException
                    || t instanceof org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException) {
                return Problems.encrypted(path);
            }
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("zip bomb") || message.contains("zipbomb")) {
                return Problems.zipBomb(path);
            }
            if (t instanceof TikaMemoryLimitException || t instanceof OutOfMemoryError) {
                return Problems.tooLarge(path, config.maxFileBytes());
            }
            if (t instanceof UnsupportedFormatException) {
                return Problems.unsupported(path, "不支持的格式");
            }
        }
        return Problems.corrupt(path);
    }
}
