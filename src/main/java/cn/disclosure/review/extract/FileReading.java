package cn.disclosure.review.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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

    private final TikaSetup tika;
    private final ExtractConfig config;
    private final String submission;
    private final PartSink sink;
    private final ExpansionBudget budget;
    private final List<ExtractionProblem> problems = new ArrayList<>();
    private final Set<String> reported = new HashSet<>();
    private int embeddedCount;
    private boolean abandoned;

    FileReading(TikaSetup tika, String submission) {
        this.tika = tika;
        this.config = tika.config;
        this.submission = submission;
        this.sink = new PartSink(config.maxChars(), submission);
        this.budget = new ExpansionBudget(config.maxExpandedBytes());
    }

    /** An uploaded file. */
    void readFile(String name, byte[] bytes) {
        read(name, name, bytes, 0);
    }

    /** A draft body in HTML, as part {@code name}. */
    void readHtmlBody(String name, String html) {
        try {
            new HtmlReader(sink, name, (path, bytes) -> readEmbedded(path, bytes, 1)).read(html);
        } catch (Throwable failure) {
            problem(classify(failure, name));
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
            parse(bytes, new DefaultHandler(), metadata, path, depth, false);
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
        parse(bytes, new RoutingContentHandler(sink, path), metadata, path, depth, false);
        int width = metadata.getInt(Metadata.IMAGE_WIDTH) != null ? metadata.getInt(Metadata.IMAGE_WIDTH) : -1;
        int height = metadata.getInt(Metadata.IMAGE_LENGTH) != null ? metadata.getInt(Metadata.IMAGE_LENGTH) : -1;
        if ((width >= 0 && width < config.ocr().minImageSide()) || (height >= 0 && height < config.ocr().minImageSide())) {
            return;
        }
        if (!tika.ocr.available()) {
            problem(Problems.ocrUnavailable(path, "是图片"));
            return;
        }
        Metadata ocrMetadata = new Metadata();
        ocrMetadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY));
        try (TikaInputStream in = TikaInputStream.get(bytes)) {
            tika.parser.parse(in, new RoutingContentHandler(sink, path), ocrMetadata,
                    tika.context(new EmbeddedFiles(path, depth, bytes.length), true));
        } catch (Throwable failure) {
            ExtractionProblem problem = classify(failure, path);
            problem(Problems.CORRUPT.equals(problem.code()) ? Problems.ocrFailed(path, "是图片") : problem);
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
        parse(bytes, new RoutingContentHandler(sink, path), metadata, path, depth, true);
        String[] parsedBy = metadata.getValues(TikaCoreProperties.TIKA_PARSED_BY);
        boolean noParser = parsedBy.length == 0 || parsedBy[parsedBy.length - 1].endsWith("EmptyParser");
        if (noParser || base.startsWith("audio/") || base.startsWith("video/")
                || (base.startsWith("image/") && !TEXT_IMAGES.contains(base))) {
            problem(Problems.unsupported(path, base));
        }
        if ("application/pdf".equals(base)) {
            checkPdfPages(path, bytes, metadata);
        }
    }

    /** Pages without a text layer must have been OCR'd; a blank page needs nothing. */
    private void checkPdfPages(String path, byte[] bytes, Metadata metadata) {
        String[] charsPerPage = metadata.getValues("pdf:charsPerPage");
        List<Integer> textless = new ArrayList<>();
        for (int i = 0; i < charsPerPage.length; i++) {
            if ("0".equals(charsPerPage[i].strip())) {
                textless.add(i + 1);
            }
        }
        if (textless.isEmpty()) {
            return;
        }
        List<Integer> drawn = PdfPages.drawn(bytes, textless);
        if (drawn.isEmpty()) {
            return;
        }
        String pages = "的第 " + String.join("、", drawn.stream().map(String::valueOf).toList()) + " 页没有文字层（可能是扫描页）";
        if (!tika.ocr.available()) {
            problem(Problems.ocrUnavailable(path, pages));
            return;
        }
        String ocrPages = metadata.get("pdf:ocrPageCount");
        if (ocrPages == null || !ocrPages.strip().matches("\\d+") || Integer.parseInt(ocrPages.strip()) < drawn.size()) {
            problem(Problems.ocrFailed(path, pages));
        }
    }

    private void parse(byte[] bytes, ContentHandler handler, Metadata metadata, String path, int depth, boolean ocr) throws Exception {
        try (TikaInputStream in = TikaInputStream.get(bytes)) {
            tika.parser.parse(in, handler, metadata, tika.context(new EmbeddedFiles(path, depth, bytes.length), ocr));
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
            return;
        }
        read(path, leafOf(path), bytes, depth);
    }

    private boolean admitEmbedded(String path, int depth) {
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
