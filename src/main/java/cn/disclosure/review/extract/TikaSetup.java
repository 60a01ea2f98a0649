package cn.disclosure.review.extract;

import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.detect.EncodingDetector;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.AutoDetectParserConfig;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;

/**
 * The Tika parser shared by all reads (thread-safe) and the per-parse configuration: tracked
 * deletions and moves, headers, footers and shapes included; PDF annotations, form fields and
 * bookmarks included; zip-bomb ratio and XHTML depth guarded by Tika's SecureContentHandler. Tika
 * never runs OCR itself: pages and pictures go to the service's own OCR ({@link OcrService}), in
 * parallel and page by page.
 */
final class TikaSetup {

    final ExtractConfig config;
    final AutoDetectParser parser;
    final Detector detector;
    final EncodingDetector encodingDetector;

    TikaSetup(ExtractConfig config) {
        this.config = config;
        TikaConfig tika = TikaConfig.getDefaultConfig();
        this.parser = new AutoDetectParser(tika);
        AutoDetectParserConfig guard = new AutoDetectParserConfig();
        guard.setMaximumCompressionRatio(config.maxCompressionRatio());
        guard.setOutputThreshold(1_000_000L);
        guard.setMaximumDepth(config.maxXmlDepth());
        guard.setMaximumPackageEntryDepth(config.maxEmbeddedDepth() + 1);
        parser.setAutoDetectParserConfig(guard);
        this.detector = parser.getDetector();
        this.encodingDetector = tika.getEncodingDetector();
    }

    /** A context for one parse. */
    ParseContext context(EmbeddedDocumentExtractor embedded) {
        ParseContext context = new ParseContext();
        context.set(Parser.class, parser);
        context.set(EmbeddedDocumentExtractor.class, embedded);

        OfficeParserConfig office = new OfficeParserConfig();
        office.setIncludeDeletedContent(true);
        office.setIncludeMoveFromContent(true);
        office.setIncludeHeadersAndFooters(true);
        office.setIncludeShapeBasedContent(true);
        office.setIncludeMissingRows(false);
        // streaming, not a DOM of the whole document: bounded memory for huge documents (the
        // Word text itself comes from WordprocessingReader; the DOM pptx reader keeps slide notes apart)
        office.setUseSAXDocxExtractor(true);
        context.set(OfficeParserConfig.class, office);

        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        pdf.setExtractAnnotationText(true);
        pdf.setExtractAcroFormContent(true);
        pdf.setExtractBookmarksText(true);
        pdf.setExtractInlineImages(false);
        pdf.setCatchIntermediateIOExceptions(false);
        context.set(PDFParserConfig.class, pdf);

        TesseractOCRConfig tesseract = new TesseractOCRConfig();
        tesseract.setSkipOcr(true);
        context.set(TesseractOCRConfig.class, tesseract);
        return context;
    }
}
