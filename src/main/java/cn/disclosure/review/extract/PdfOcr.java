package cn.disclosure.review.extract;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * OCR of a PDF, page by page: a page without a text layer that draws anything (a scan, outlined
 * text) is rendered whole at {@code review.extract.ocr.pdf-dpi}; on a page with a text layer every
 * picture drawn (directly, in forms, inline) is recognised on its own — a scanned marking pasted into
 * a text PDF is read. Each page's OCR text is part {@code <file>/page-<n>/ocr}; a page that could not
 * be read is a problem naming {@code <file>/page-<n>}. Without OCR the pages concerned are listed in
 * one problem.
 */
final class PdfOcr {

    private final String path;
    private final ExtractConfig.Ocr config;
    private final OcrBatch batch;
    private final ExtractionProgress progress;
    private final Consumer<ExtractionProblem> problems;

    PdfOcr(String path, ExtractConfig.Ocr config, OcrBatch batch, ExtractionProgress progress, Consumer<ExtractionProblem> problems) {
        this.path = path;
        this.config = config;
        this.batch = batch;
        this.progress = progress;
        this.problems = problems;
    }

    /** {@code charsPerPage}: Tika's count of text-layer characters per page (a page it does not list counts as without text). */
    void read(byte[] pdf, String[] charsPerPage) throws IOException, InterruptedException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            int count = doc.getNumberOfPages();
            List<Integer> scanned = new ArrayList<>();
            Map<Integer, List<PDImage>> pictured = new LinkedHashMap<>();
            for (int n = 1; n <= count; n++) {
                PDPage page = doc.getPage(n - 1);
                boolean text = n <= charsPerPage.length && !"0".equals(charsPerPage[n - 1].strip());
                if (!text) {
                    if (PdfPages.paints(page)) {
                        scanned.add(n);
                    }
                } else {
                    List<PDImage> pictures = pictures(page);
                    if (!pictures.isEmpty()) {
                        pictured.put(n, pictures);
                    }
                }
            }
            if (!batch.available()) {
                reportUnavailable(scanned, pictured.keySet());
                return;
            }
            progress.planned(scanned.size() + pictured.values().stream().mapToInt(List::size).sum());
            PDFRenderer renderer = new PDFRenderer(doc);
            for (int n = 1; n <= count; n++) {
                String place = path + "/page-" + n;
                if (scanned.contains(n)) {
                    String label = "「" + path + "」第 " + n + " 页";
                    String stage = "识别 " + path + " 第 " + n + "/" + count + " 页";
                    BufferedImage rendered;
                    try {
                        rendered = render(renderer, doc.getPage(n - 1), n - 1);
                    } catch (IOException | RuntimeException e) {
                        problems.accept(Problems.ocrFailedAt(place, label));
                        progress.done(1, stage);
                        continue;
                    }
                    batch.submit(place, label, stage, rendered);
                }
                List<PDImage> pictures = pictured.getOrDefault(n, List.of());
                for (int i = 0; i < pictures.size(); i++) {
                    String label = "「" + path + "」第 " + n + " 页的图片";
                    String stage = "识别 " + path + " 第 " + n + " 页的图片";
                    BufferedImage picture;
                    try {
                        picture = decode(pictures.get(i));
                    } catch (IOException | RuntimeException e) {
                        problems.accept(Problems.ocrFailedAt(place, label));
                        progress.done(1, stage);
                        continue;
                    }
                    batch.submit(place, label, stage, picture);
                }
            }
        }
    }

    private void reportUnavailable(List<Integer> scanned, Set<Integer> pictured) {
        List<String> what = new ArrayList<>();
        if (!scanned.isEmpty()) {
            what.add("第 " + join(scanned) + " 页没有文字层（可能是扫描页）");
        }
        if (!pictured.isEmpty()) {
            what.add("第 " + join(new ArrayList<>(pictured)) + " 页含有图片");
        }
        if (!what.isEmpty()) {
            problems.accept(Problems.ocrUnavailable(path, "的" + String.join("，", what)));
        }
    }

    private static String join(List<Integer> pages) {
        return String.join("、", pages.stream().map(String::valueOf).toList());
    }

    /** The page as a scanner would see it, at the configured resolution or less for a huge page. */
    private BufferedImage render(PDFRenderer renderer, PDPage page, int index) throws IOException {
        PDRectangle box = page.getCropBox();
        float scale = config.pdfDpi() / 72f;
        double points = (double) box.getWidth() * box.getHeight();
        if (points * scale * scale > config.maxPixels()) {
            scale = (float) Math.sqrt(config.maxPixels() / points);
        }
        int width = (int) Math.max(1, Math.floor(box.getWidth() * scale));
        int height = (int) Math.max(1, Math.floor(box.getHeight() * scale));
        int rotation = page.getRotation();
        if (rotation == 90 || rotation == 270) {
            int swap = width;
            width = height;
            height = swap;
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            renderer.renderPageToGraphics(index, g, scale);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** A picture of the PDF decoded within the pixel budget, flattened to RGB. */
    private BufferedImage decode(PDImage image) throws IOException {
        int step = Pictures.subsampling(image.getWidth(), image.getHeight(), config.maxPixels());
        BufferedImage decoded = step > 1
                ? image.getImage(new Rectangle(0, 0, image.getWidth(), image.getHeight()), step)
                : image.getImage();
        if (decoded == null) {
            throw new IOException("undecodable picture");
        }
        return Pictures.rgb(decoded);
    }

    /** The pictures a page draws large enough to hold text, each once. */
    private List<PDImage> pictures(PDPage page) throws IOException {
        Collector collector = new Collector(page, config.minImageSide());
        collector.processPage(page);
        return collector.pictures;
    }

    /** Walks a page's content (forms included) and keeps the pictures it draws. */
    private static final class Collector extends PDFGraphicsStreamEngine {
        final List<PDImage> pictures = new ArrayList<>();
        private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        private final int minSide;

        Collector(PDPage page, int minSide) {
            super(page);
            this.minSide = minSide;
        }

        @Override
        public void drawImage(PDImage image) {
            if (image.getWidth() < minSide || image.getHeight() < minSide) {
                return;
            }
            Object identity = image instanceof PDImageXObject x ? x.getCOSObject() : image;
            if (seen.add(identity)) {
                pictures.add(image);
            }
        }

        @Override
        public void appendRectangle(Point2D p0, Point2D p1, Point2D p2, Point2D p3) {
        }

        @Override
        public void clip(int windingRule) {
        }

        @Override
        public void moveTo(float x, float y) {
        }

        @Override
        public void lineTo(float x, float y) {
        }

        @Override
        public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) {
        }

        @Override
        public Point2D getCurrentPoint() {
            return new Point2D.Float();
        }

        @Override
        public void closePath() {
        }

        @Override
        public void endPath() {
        }

        @Override
        public void strokePath() {
        }

        @Override
        public void fillPath(int windingRule) {
        }

        @Override
        public void fillAndStrokePath(int windingRule) {
        }

        @Override
        public void shadingFill(COSName shadingName) {
        }
    }
}
