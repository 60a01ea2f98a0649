package cn.disclosure.review.extract;

import static cn.disclosure.review.extract.Parts.codes;
import static cn.disclosure.review.extract.Parts.names;
import static cn.disclosure.review.extract.Parts.text;
import static cn.disclosure.review.extract.TestFiles.p;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.poi.sl.usermodel.PictureData;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFPictureData;
import org.apache.poi.xssf.usermodel.XSSFClientAnchor;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.disclosure.review.extract.ExtractedPart.Origin;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.DefaultInspectionEngine;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.InspectionRequest;
import cn.disclosure.review.inspect.InspectionResult;
import cn.disclosure.review.inspect.Policy;
import cn.disclosure.review.core.Channel;
import cn.disclosure.review.lexicon.CompiledLexicon;

/**
 * Every picture is read, wherever it sits, with the real OCR engine (RapidOCR worker processes by
 * default): the pages of a scanned PDF in parallel, each page its own part; pictures pasted into a
 * text PDF, embedded in Word, Excel and PowerPoint files, in zips, mails and forwarded mails,
 * inlined in HTML, the pages of a TIFF. A page over its limit is unreadable and named; the same
 * picture is recognised once; progress adds up. Markings are found through the inspection engine.
 */
class OcrEverywhereTest {

    private static final String MARK = "机密★5年";
    /** Generous per-page limit: these tests are about what is read, not how fast (a busy machine is slow). */
    private static final String PAGE_LIMIT = "300s";

    private static TikaContentExtractor extractor;
    private static TikaContentExtractor withoutOcr;
    private static Counting counting;

    @BeforeAll
    static void start() {
        ExtractConfig config = Extractors.config("ocr.timeout", PAGE_LIMIT);
        counting = new Counting(OcrEngine.create(config.ocr()));
        extractor = new TikaContentExtractor(config, counting);
        withoutOcr = Extractors.create("ocr.enabled", "false");
        assertThat(extractor.ocrAvailable()).as("the default OCR engine (RapidOCR) starts on this machine").isTrue();
        assertThat(extractor.ocrEngine()).isEqualTo("rapidocr");
    }

    @AfterAll
    static void stop() {
        extractor.shutdown();
        withoutOcr.shutdown();
    }

    private static InspectionResult inspect(TikaContentExtractor with, String name, byte[] bytes) {
        return new DefaultInspectionEngine(with, CompiledLexicon::empty, Policy.defaults(), 3)
                .inspect(new InspectionRequest(Channel.WEBSITE, null, null, List.of(new SubmittedFile(name, bytes))));
    }

    private static List<Finding> of(InspectionResult result, Category category) {
        return result.findings().stream().filter(f -> f.category() == category).toList();
    }

    private static byte[] markedPng() throws IOException {
        return TestFiles.png(TestFiles.picture(MARK, "关于调整审计计划的通知"));
    }

    @Test
    void aTenPageScanWithAMarkingOnPageSevenIsFoundOnPageSeven() throws Exception {
        ScanPages.Style gongwen = new ScanPages.Style(null, true, false, 67, 0, 0);
        byte[] pdf = ScanPages.pdf(ScanPages.document(10, 7, MARK, gongwen, 7));
        Recorder progress = new Recorder();

        Extraction x = extractor.extractFile(new SubmittedFile("扫描件.pdf", pdf), progress);

        assertThat(codes(x)).as("no page timed out or failed").isEmpty();
        for (int n = 1; n <= 10; n++) {
            assertThat(Parts.part(x, "扫描件.pdf/page-" + n + "/ocr").origin()).isEqualTo(Origin.OCR);
        }
        assertThat(text(x, "扫描件.pdf/page-7/ocr")).contains(MARK);
        assertThat(names(x).stream().filter(n -> n.endsWith("/ocr")).toList())
                .as("pages in page order").containsExactly(pageParts("扫描件.pdf", 10));
        assertThat(progress.planned.get()).isEqualTo(progress.done.get()).isEqualTo(11);
        assertThat(progress.stages).contains("识别 扫描件.pdf 第 7/10 页", "读取附件 扫描件.pdf");

        InspectionResult result = inspect(extractor, "扫描件.pdf", pdf);
        assertThat(of(result, Category.UNREADABLE)).isEmpty();
        assertThat(of(result, Category.CLASSIFICATION_MARK)).extracting(Finding::part).containsExactly("扫描件.pdf/page-7/ocr");
    }

    private static String[] pageParts(String file, int pages) {
        String[] parts = new String[pages];
        for (int n = 1; n <= pages; n++) {
            parts[n - 1] = file + "/page-" + n + "/ocr";
        }
        return parts;
    }

    @Test
    void aScannedMarkingPastedIntoATextPdfIsFound() throws Exception {
        PDDocument doc = TestFiles.textPdf(new String[] {"关于开展植树活动的通知", "各科室："}, new String[] {"第二页正文"});
        BufferedImage scan = TestFiles.picture(MARK, "关于调整审计计划的通知");
        PDImageXObject image = LosslessFactory.createFromImage(doc, scan);
        try (PDPageContentStream cs = new PDPageContentStream(doc, doc.getPage(1), AppendMode.APPEND, true, true)) {
            cs.drawImage(image, 50, 300, 500, 500f * scan.getHeight() / scan.getWidth());
        }
        byte[] pdf = TestFiles.save(doc);

        InspectionResult result = inspect(extractor, "通知.pdf", pdf);
        assertThat(of(result, Category.UNREADABLE)).isEmpty();
        assertThat(of(result, Category.CLASSIFICATION_MARK)).extracting(Finding::part).containsExactly("通知.pdf/page-2/ocr");

        Extraction unread = withoutOcr.extractFile(new SubmittedFile("通知.pdf", pdf));
        assertThat(codes(unread)).as("without OCR the picture is not passed").containsExactly(Problems.OCR_UNAVAILABLE);
        assertThat(unread.problems().get(0).message()).contains("第 2 页含有图片");
    }

    @Test
    void aMarkedPictureInAWordDocumentIsFound() throws Exception {
        byte[] docx = new TestFiles.Docx().body(p("正文见下图")).image("image1.png", markedPng()).bytes();

        InspectionResult result = inspect(extractor, "带图.docx", docx);
        assertThat(of(result, Category.UNREADABLE)).isEmpty();
        assertThat(of(result, Category.CLASSIFICATION_MARK)).extracting(Finding::part).containsExactly("带图.docx/image1.png/ocr");
    }

    @Test
    void markedPicturesInASpreadsheetAndASlideShowAreFound() throws Exception {
        byte[] xlsx;
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            XSSFSheet sheet = workbook.createSheet("名单");
            sheet.createRow(0).createCell(0).setCellValue("见图");
            int picture = workbook.addPicture(markedPng(), Workbook.PICTURE_TYPE_PNG);
            XSSFClientAnchor anchor = new XSSFClientAnchor();
            anchor.setCol1(1);
            anchor.setRow1(1);
            sheet.createDrawingPatriarch().createPicture(anchor, picture).resize();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            xlsx = out.toByteArray();
        }
        byte[] pptx;
        try (XMLSlideShow show = new XMLSlideShow()) {
            XSLFPictureData data = show.addPicture(markedPng(), PictureData.PictureType.PNG);
            show.createSlide().createPicture(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            show.write(out);
            pptx = out.toByteArray();
        }

        for (String name : List.of("名单.xlsx", "汇报.pptx")) {
            InspectionResult result = inspect(extractor, name, name.endsWith("xlsx") ? xlsx : pptx);
            assertThat(of(result, Category.UNREADABLE)).as(name).isEmpty();
            assertThat(of(result, Category.CLASSIFICATION_MARK)).as(name).singleElement()
                    .satisfies(f -> assertThat(f.part()).startsWith(name + "/").endsWith(".png/ocr"));
        }
    }

    @Test
    void aMarkedPictureInAZipIsFound() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("说明.txt", TestFiles.utf8("请查收。"));
        entries.put("扫描/通知.png", markedPng());

        InspectionResult result = inspect(extractor, "材料.zip", TestFiles.zip(entries));
        assertThat(of(result, Category.UNREADABLE)).isEmpty();
        assertThat(of(result, Category.CLASSIFICATION_MARK)).extracting(Finding::part).containsExactly("材料.zip/扫描/通知.png/ocr");
    }

    @Test
    void markedAttachmentsOfAMailAndOfAForwardedMailAreFound() throws Exception {
        byte[] png = markedPng();
        byte[] otherPng = TestFiles.png(TestFiles.picture("秘密★1年", "关于召开专题会议的通知"));
        String inner = mail("inner", "转发的材料", List.of(new Attachment("image/png", "inner.png", otherPng)), null);
        String outer = mail("outer", "请查收扫描件", List.of(new Attachment("image/png", "scan.png", png)), inner);

        InspectionResult result = inspect(extractor, "来信.eml", outer.getBytes(StandardCharsets.UTF_8));
        assertThat(of(result, Category.UNREADABLE)).isEmpty();
        List<String> marked = of(result, Category.CLASSIFICATION_MARK).stream().map(Finding::part).toList();
        assertThat(marked).hasSize(2).allSatisfy(part -> assertThat(part).startsWith("来信.eml/").endsWith(".png/ocr"));
        assertThat(marked).anySatisfy(part -> assertThat(part).endsWith("/scan.png/ocr"))
                .anySatisfy(part -> assertThat(part).endsWith("/inner.png/ocr"));
    }

    private record Attachment(String type, String name, byte[] bytes) {
    }

    /** A MIME message: a text part, attachments and optionally a forwarded message (message/rfc822). */
    private static String mail(String boundary, String body, List<Attachment> attachments, String forwarded) {
        StringBuilder m = new StringBuilder();
        m.append("From: sender@example.invalid\r\nTo: office@example.invalid\r\nSubject: materials\r\n")
                .append("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n\r\n");
        m.append("--").append(boundary).append("\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .append(Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8))).append("\r\n");
        for (Attachment a : attachments) {
            m.append("--").append(boundary).append("\r\nContent-Type: ").append(a.type()).append("; name=\"").append(a.name())
                    .append("\"\r\nContent-Disposition: attachment; filename=\"").append(a.name())
                    .append("\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                    .append(Base64.getMimeEncoder().encodeToString(a.bytes())).append("\r\n");
        }
        if (forwarded != null) {
            m.append("--").append(boundary).append("\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"forwarded.eml\"\r\n\r\n")
                    .append(forwarded).append("\r\n");
        }
        m.append("--").append(boundary).append("--\r\n");
        return m.toString();
    }

    @Test
    void aMarkedPictureInlinedInHtmlIsFound() throws Exception {
        String html = "<p>通知如下</p><img alt=\"\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(markedPng()) + "\">";

        InspectionResult result = new DefaultInspectionEngine(extractor, CompiledLexicon::empty, Policy.defaults(), 3)
                .inspect(new InspectionRequest(Channel.WEBSITE, null, html, List.of()));
        assertThat(of(result, Category.UNREADABLE)).isEmpty();
        assertThat(of(result, Category.CLASSIFICATION_MARK)).extracting(Finding::part).containsExactly("body/image-1.png/ocr");
    }

    @Test
    void everyPageOfATiffIsRead() throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(TestFiles.picture("第一页", "关于召开专题会议的通知"), null, null), null);
            writer.writeToSequence(new IIOImage(TestFiles.picture(MARK, "关于调整审计计划的通知"), null, null), null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }

        InspectionResult result = inspect(extractor, "传真.tif", out.toByteArray());
        assertThat(of(result, Category.UNREADABLE)).isEmpty();
        assertThat(of(result, Category.CLASSIFICATION_MARK)).extracting(Finding::part).containsExactly("传真.tif/page-2/ocr");
        assertThat(result.parts()).contains("传真.tif/page-1/ocr");
    }

    @Test
    void thePicturesOfOneSubmissionAreRecognisedOnceEach() throws Exception {
        byte[] png = TestFiles.png(TestFiles.picture("重复的图片", "关于召开专题会议的通知"));
        byte[] docx = new TestFiles.Docx().body(p("两张相同的图")).image("a.png", png).image("b.png", png).bytes();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("图一.png", png);
        entries.put("附件.docx", docx);
        int before = counting.calls.get();

        Extraction x = extractor.extractFile(new SubmittedFile("重复.zip", TestFiles.zip(entries)));

        assertThat(codes(x)).isEmpty();
        assertThat(counting.calls.get() - before).as("recognitions").isEqualTo(1);
        for (String part : List.of("重复.zip/图一.png/ocr", "重复.zip/附件.docx/a.png/ocr", "重复.zip/附件.docx/b.png/ocr")) {
            assertThat(text(x, part).replace(" ", "")).as(part).contains("重复的图片");
        }
    }

    @Test
    void aPageOverThePerPageLimitIsUnreadableAndNamed() throws Exception {
        TikaContentExtractor hurried = Extractors.create("ocr.timeout", "1ms");
        try {
            PDDocument doc = TestFiles.textPdf(new String[] {"第一页是文字"});
            TestFiles.addScannedPage(doc, TestFiles.picture(MARK, "关于调整审计计划的通知"));
            byte[] pdf = TestFiles.save(doc);

            Extraction x = hurried.extractFile(new SubmittedFile("扫描件.pdf", pdf));
            assertThat(codes(x)).containsExactly(Problems.OCR_TIMEOUT);
            ExtractionProblem problem = x.problems().get(0);
            assertThat(problem.part()).isEqualTo("扫描件.pdf/page-2");
            assertThat(problem.message()).contains("「扫描件.pdf」第 2 页").contains("1 毫秒");
            assertThat(text(x, "扫描件.pdf")).isEqualTo("第一页是文字");

            InspectionResult result = inspect(hurried, "扫描件.pdf", pdf);
            assertThat(result.findings()).extracting(Finding::part, Finding::category, Finding::rule)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("扫描件.pdf/page-2", Category.UNREADABLE, "unreadable.ocr-timeout"));
        } finally {
            hurried.shutdown();
        }
    }

    @Test
    void theTesseractEngineWorksBehindTheSameInterface() throws Exception {
        TikaContentExtractor tesseract = Extractors.create("ocr.engine", "tesseract", "ocr.timeout", PAGE_LIMIT);
        try {
            assertThat(tesseract.ocrAvailable()).as("tesseract with chi_sim+eng (deploy/test.sh installs it)").isTrue();
            assertThat(tesseract.ocrEngine()).isEqualTo("tesseract");
            InspectionResult result = inspect(tesseract, "扫描.png", markedPng());
            assertThat(of(result, Category.UNREADABLE)).isEmpty();
            assertThat(of(result, Category.CLASSIFICATION_MARK)).extracting(Finding::part).containsExactly("扫描.png/ocr");
        } finally {
            tesseract.shutdown();
        }
    }

    /** Counts the pictures the real engine is asked to read. */
    private static final class Counting implements OcrEngine {
        final OcrEngine real;
        final AtomicInteger calls = new AtomicInteger();

        Counting(OcrEngine real) {
            this.real = real;
        }

        @Override
        public String name() {
            return real.name();
        }

        @Override
        public String unavailableReason() {
            return real.unavailableReason();
        }

        @Override
        public String recognize(BufferedImage rgb, Duration timeout) throws TimeoutException, IOException, InterruptedException {
            calls.incrementAndGet();
            return real.recognize(rgb, timeout);
        }

        @Override
        public void close() {
            real.close();
        }
    }

    /** Records progress as a background worker would show it. */
    static final class Recorder implements ExtractionProgress {
        final AtomicInteger planned = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final List<String> stages = new ArrayList<>();

        @Override
        public void planned(int units) {
            planned.addAndGet(units);
        }

        @Override
        public synchronized void done(int units, String stage) {
            done.addAndGet(units);
            stages.add(stage);
        }
    }
}
