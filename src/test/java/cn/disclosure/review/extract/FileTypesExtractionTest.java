package cn.disclosure.review.extract;

import static cn.disclosure.review.extract.Parts.codes;
import static cn.disclosure.review.extract.Parts.names;
import static cn.disclosure.review.extract.Parts.part;
import static cn.disclosure.review.extract.Parts.text;
import static cn.disclosure.review.extract.TestFiles.p;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xslf.usermodel.XSLFTextShape;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import cn.disclosure.review.extract.ExtractedPart.Origin;

/** Spreadsheets, PDFs, scans, slides, archives and the shared corpus, read with real Tika and Tesseract. */
class FileTypesExtractionTest {

    private static TikaContentExtractor extractor;
    private static TikaContentExtractor withoutOcr;

    @BeforeAll
    static void start() {
        extractor = Extractors.create();
        withoutOcr = Extractors.create("ocr.enabled", "false");
    }

    @AfterAll
    static void stop() {
        extractor.shutdown();
        withoutOcr.shutdown();
    }

    @Test
    void spreadsheetCellsAndSheetNamesAreRead() throws Exception {
        byte[] xlsx;
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            Sheet sheet = workbook.createSheet("补贴名单");
            sheet.createRow(0).createCell(0).setCellValue("姓名");
            sheet.getRow(0).createCell(1).setCellValue("身份证号");
            sheet.createRow(1).createCell(0).setCellValue("张某");
            sheet.getRow(1).createCell(1).setCellValue("330106198805170426");
            workbook.createSheet("机密★5年").createRow(0).createCell(0).setCellValue("隐藏工作表里的文字");
            workbook.setSheetHidden(1, true);
            workbook.getProperties().getCustomProperties().addProperty("密级", "秘密");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            xlsx = out.toByteArray();
        }
        Extraction x = extractor.extractFile(new SubmittedFile("名单.xlsx", xlsx));

        assertThat(codes(x)).isEmpty();
        assertThat(text(x, "名单.xlsx")).isEqualTo("补贴名单\n姓名\n身份证号\n张某\n330106198805170426\n机密★5年\n隐藏工作表里的文字");
        assertThat(text(x, "名单.xlsx/metadata:custom:密级")).isEqualTo("秘密");
    }

    @Test
    void slideNotesAreTheirOwnPart() throws Exception {
        byte[] pptx;
        try (XMLSlideShow show = new XMLSlideShow()) {
            XSLFSlide slide = show.createSlide();
            XSLFTextBox box = slide.createTextBox();
            box.setText("年度工作总结");
            box.setAnchor(new java.awt.Rectangle(10, 10, 400, 60));
            for (XSLFTextShape shape : show.getNotesSlide(slide).getPlaceholders()) {
                if (shape.getTextType() == org.apache.poi.sl.usermodel.Placeholder.BODY) {
                    shape.setText("讲稿：此数据来自秘密★1年文件");
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            show.write(out);
            pptx = out.toByteArray();
        }
        Extraction x = extractor.extractFile(new SubmittedFile("汇报.pptx", pptx));

        assertThat(codes(x)).isEmpty();
        assertThat(text(x, "汇报.pptx")).contains("年度工作总结");
        assertThat(text(x, "汇报.pptx/notes")).contains("讲稿：此数据来自秘密★1年文件");
        assertThat(part(x, "汇报.pptx/notes").origin()).isEqualTo(Origin.HIDDEN);
        assertThat(names(x)).noneMatch(name -> name.contains("thumbnail"));
    }

    @Test
    void pdfTextAndDocumentInformationAreRead() throws Exception {
        PDDocument doc = TestFiles.textPdf(new String[] {"机密★5年", "关于调整部分项目预算的请示"}, new String[] {"第二页正文"});
        doc.getDocumentInformation().setTitle("预算请示");
        doc.getDocumentInformation().setKeywords("内部");
        doc.getDocumentInformation().setCustomMetadataValue("密级", "机密");
        Extraction x = withoutOcr.extractFile(new SubmittedFile("请示.pdf", TestFiles.save(doc)));

        assertThat(codes(x)).isEmpty();
        assertThat(text(x, "请示.pdf")).isEqualTo("机密★5年\n关于调整部分项目预算的请示\n第二页正文");
        assertThat(text(x, "请示.pdf/metadata:title")).isEqualTo("预算请示");
        assertThat(text(x, "请示.pdf/metadata:keywords")).isEqualTo("内部");
        assertThat(text(x, "请示.pdf/metadata:custom:密级")).isEqualTo("机密");
    }

    @Test
    void pdfCommentsAreTheirOwnPart() throws Exception {
        PDDocument doc = TestFiles.textPdf(new String[] {"关于调整部分项目预算的请示"});
        PDAnnotationText note = new PDAnnotationText();
        note.setContents("审核意见：原件为机密★5年");
        note.setRectangle(new PDRectangle(100, 600, 20, 20));
        doc.getPage(0).getAnnotations().add(note);
        Extraction x = withoutOcr.extractFile(new SubmittedFile("批注.pdf", TestFiles.save(doc)));

        assertThat(codes(x)).isEmpty();
        assertThat(text(x, "批注.pdf")).isEqualTo("关于调整部分项目预算的请示");
        assertThat(text(x, "批注.pdf/comment")).isEqualTo("审核意见：原件为机密★5年");
        assertThat(part(x, "批注.pdf/comment").origin()).isEqualTo(Origin.HIDDEN);
    }

    @Test
    void legacyExcelRtfAndGbkTextAreRead() throws Exception {
        byte[] xls;
        try (HSSFWorkbook workbook = new HSSFWorkbook()) {
            workbook.createSheet("名单").createRow(0).createCell(0).setCellValue("身份证号 330106198805170426");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            xls = out.toByteArray();
        }
        assertThat(text(withoutOcr.extractFile(new SubmittedFile("名单.xls", xls)), "名单.xls"))
                .isEqualTo("名单\n身份证号 330106198805170426");

        String rtf = "{\\rtf1\\ansi\\ansicpg936{\\fonttbl{\\f0 SimSun;}}\\f0 \\u31192?\\u23494?\\u9733?1\\u24180?\\par "
                + "\\u20851?\\u20110?\\u36890?\\u30693?\\par}";
        Extraction rtfRead = withoutOcr.extractFile(new SubmittedFile("通知.rtf", TestFiles.utf8(rtf)));
        assertThat(codes(rtfRead)).isEmpty();
        assertThat(text(rtfRead, "通知.rtf")).isEqualTo("秘密★1年\n关于通知");

        Extraction gbk = withoutOcr.extractFile(new SubmittedFile("说明.txt",
                "关于开展保密自查自评工作的通知，各科室要认真对照检查，确保不发生失泄密问题。".getBytes(Charset.forName("GBK"))));
        assertThat(text(gbk, "说明.txt")).isEqualTo("关于开展保密自查自评工作的通知，各科室要认真对照检查，确保不发生失泄密问题。");
    }

    @Test
    void ofdPagesDocumentInformationAnnotationsAndPicturesAreRead() throws Exception {
        String ns = "xmlns:ofd=\"http://www.ofdspec.org/2016\"";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("OFD.xml", TestFiles.utf8("<ofd:OFD " + ns + " Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo>"
                + "<ofd:DocID>a1</ofd:DocID><ofd:Title>关于召开会议的通知</ofd:Title><ofd:Author>办公室</ofd:Author>"
                + "<ofd:Keywords><ofd:Keyword>内部</ofd:Keyword></ofd:Keywords>"
                + "<ofd:CustomDatas><ofd:CustomData Name=\"密级\">秘密</ofd:CustomData></ofd:CustomDatas>"
                + "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"));
        entries.put("Doc_0/Document.xml", TestFiles.utf8("<ofd:Document " + ns + "><ofd:CommonData><ofd:MaxUnitID>9</ofd:MaxUnitID></ofd:CommonData>"
                + "<ofd:Pages><ofd:Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/><ofd:Page ID=\"2\" BaseLoc=\"Pages/Page_1/Content.xml\"/></ofd:Pages>"
                + "<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations></ofd:Document>"));
        entries.put("Doc_0/Pages/Page_0/Content.xml", TestFiles.utf8("<ofd:Page " + ns + "><ofd:Content><ofd:Layer ID=\"2\">"
                + "<ofd:TextObject ID=\"3\" Boundary=\"0 0 100 10\" Font=\"4\" Size=\"5\"><ofd:TextCode X=\"0\" Y=\"5\">秘密★1年</ofd:TextCode></ofd:TextObject>"
                + "<ofd:TextObject ID=\"5\" Boundary=\"0 10 100 10\" Font=\"4\" Size=\"5\"><ofd:TextCode X=\"0\" Y=\"5\">关于召开</ofd:TextCode>"
                + "<ofd:TextCode X=\"20\" Y=\"5\">会议的通知</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"));
        entries.put("Doc_0/Pages/Page_1/Content.xml", TestFiles.utf8("<ofd:Page " + ns + "><ofd:Content><ofd:Layer ID=\"6\">"
                + "<ofd:ImageObject ID=\"7\" ResourceID=\"8\" Boundary=\"0 0 210 297\"/></ofd:Layer></ofd:Content></ofd:Page>"));
        entries.put("Doc_0/Annots/Annotations.xml", TestFiles.utf8("<ofd:Annotations " + ns + "><ofd:Page PageID=\"1\"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>"));
        entries.put("Doc_0/Annots/Page_0/Annotation.xml", TestFiles.utf8("<ofd:PageAnnot " + ns + "><ofd:Annot ID=\"9\" Type=\"Highlight\">"
                + "<ofd:Remark>原件为机密★5年</ofd:Remark></ofd:Annot></ofd:PageAnnot>"));
        entries.put("Doc_0/Res/image_8.png", TestFiles.png(TestFiles.picture("关于调整审计计划的通知")));
        byte[] ofd = TestFiles.zip(entries);

        Extraction x = withoutOcr.extractFile(new SubmittedFile("通知.ofd", ofd));
        assertThat(text(x, "通知.ofd")).isEqualTo("秘密★1年\n关于召开会议的通知");
        assertThat(text(x, "通知.ofd/metadata:title")).isEqualTo("关于召开会议的通知");
        assertThat(text(x, "通知.ofd/metadata:author")).isEqualTo("办公室");
        assertThat(text(x, "通知.ofd/metadata:keywords")).isEqualTo("内部");
        assertThat(text(x, "通知.ofd/metadata:custom:密级")).isEqualTo("秘密");
        assertThat(text(x, "通知.ofd/comment")).isEqualTo("原件为机密★5年");
        assertThat(codes(x)).containsExactly(Problems.OCR_UNAVAILABLE);
        assertThat(x.problems().get(0).part()).isEqualTo("通知.ofd/Doc_0/Res/image_8.png");

        assumeTrue(extractor.ocrAvailable(), "Tesseract with chi_sim is not installed");
        Extraction read = extractor.extractFile(new SubmittedFile("通知.ofd", ofd));
        assertThat(codes(read)).isEmpty();
        assertThat(text(read, "通知.ofd/Doc_0/Res/image_8.png/ocr").replace(" ", "")).contains("审计计划的通知");
    }

    @Test
    void aBlankPdfPageNeedsNoOcr() throws Exception {
        PDDocument doc = TestFiles.textPdf(new String[] {"正文"});
        doc.addPage(new PDPage());
        Extraction x = withoutOcr.extractFile(new SubmittedFile("带空白页.pdf", TestFiles.save(doc)));

        assertThat(codes(x)).isEmpty();
        assertThat(text(x, "带空白页.pdf")).isEqualTo("正文");
    }

    @Test
    void aScannedPdfPageWithoutOcrIsAProblemNamingThePage() throws Exception {
        Extraction x = withoutOcr.extractFile(new SubmittedFile("扫描件.pdf", scannedPdf()));

        assertThat(text(x, "扫描件.pdf")).isEqualTo("第一页是文字");
        assertThat(codes(x)).containsExactly(Problems.OCR_UNAVAILABLE);
        assertThat(x.problems().get(0).part()).isEqualTo("扫描件.pdf");
        assertThat(x.problems().get(0).message()).contains("第 2 页").contains("扫描");
    }

    @Test
    void aScannedPdfPageIsOcrd() throws Exception {
        assumeTrue(extractor.ocrAvailable(), "Tesseract with chi_sim is not installed");
        Extraction x = extractor.extractFile(new SubmittedFile("扫描件.pdf", scannedPdf()));

        assertThat(codes(x)).isEmpty();
        assertThat(text(x, "扫描件.pdf")).isEqualTo("第一页是文字");
        assertThat(part(x, "扫描件.pdf/page-2/ocr").origin()).isEqualTo(Origin.OCR);
        assertThat(text(x, "扫描件.pdf/page-2/ocr").replace(" ", "")).contains("关于调整审计计划的通知");
    }

    private static byte[] scannedPdf() throws Exception {
        PDDocument doc = TestFiles.textPdf(new String[] {"第一页是文字"});
        TestFiles.addScannedPage(doc, TestFiles.picture("机密★5年", "关于调整审计计划的通知"));
        return TestFiles.save(doc);
    }

    @Test
    void anImageIsOcrdOrReportedUnreadable() throws Exception {
        byte[] png = TestFiles.png(TestFiles.picture("秘密★1年", "关于召开专题会议的通知"));

        Extraction unread = withoutOcr.extractFile(new SubmittedFile("扫描.png", png));
        assertThat(codes(unread)).containsExactly(Problems.OCR_UNAVAILABLE);
        assertThat(unread.problems().get(0).part()).isEqualTo("扫描.png");
        assertThat(names(unread)).containsExactly("扫描.png/file-name");

        assumeTrue(extractor.ocrAvailable(), "Tesseract with chi_sim is not installed");
        Extraction read = extractor.extractFile(new SubmittedFile("扫描.png", png));
        assertThat(codes(read)).isEmpty();
        assertThat(part(read, "扫描.png/ocr").origin()).isEqualTo(Origin.OCR);
        assertThat(text(read, "扫描.png/ocr").replace(" ", "")).contains("关于召开专题会议的通知");
    }

    @Test
    void anImageWithoutAnyTextIsFine() throws Exception {
        assumeTrue(extractor.ocrAvailable(), "Tesseract with chi_sim is not installed");
        Extraction x = extractor.extractFile(new SubmittedFile("空白.png", TestFiles.png(TestFiles.picture())));

        assertThat(codes(x)).isEmpty();
        assertThat(names(x)).containsExactly("空白.png/file-name");
    }

    @Test
    void aTinyImageCannotHoldTextAndNeedsNoOcr() throws Exception {
        byte[] pixel = TestFiles.png(new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB));
        Extraction x = withoutOcr.extractFile(new SubmittedFile("spacer.png", pixel));

        assertThat(codes(x)).isEmpty();
    }

    @Test
    void aPictureInAWordDocumentIsOcrdOrReportedUnreadable() throws Exception {
        byte[] docx = new TestFiles.Docx().body(p("正文见下图"))
                .image("image1.png", TestFiles.png(TestFiles.picture("绝密★长期", "关于召开专题会议的通知"))).bytes();

        Extraction unread = withoutOcr.extractFile(new SubmittedFile("带图.docx", docx));
        assertThat(text(unread, "带图.docx")).isEqualTo("正文见下图");
        assertThat(codes(unread)).containsExactly(Problems.OCR_UNAVAILABLE);
        assertThat(unread.problems().get(0).part()).isEqualTo("带图.docx/image1.png");

        assumeTrue(extractor.ocrAvailable(), "Tesseract with chi_sim is not installed");
        Extraction read = extractor.extractFile(new SubmittedFile("带图.docx", docx));
        assertThat(codes(read)).isEmpty();
        assertThat(text(read, "带图.docx/image1.png/ocr").replace(" ", "")).contains("关于召开专题会议的通知");
    }

    @Test
    void filesInsideAZipAreReadWithTheirPathAsName() {
        byte[] inner = new TestFiles.Docx().body(p("正文")).header(p("秘密★1年")).bytes();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("说明.txt", TestFiles.utf8("请查收附件。"));
        entries.put("材料/内层.docx", inner);
        Extraction x = extractor.extractFile(new SubmittedFile("材料包.zip", TestFiles.zip(entries)));

        assertThat(codes(x)).isEmpty();
        assertThat(text(x, "材料包.zip/file-name")).isEqualTo("材料包.zip");
        assertThat(text(x, "材料包.zip/说明.txt")).isEqualTo("请查收附件。");
        assertThat(text(x, "材料包.zip/材料/内层.docx")).isEqualTo("正文");
        assertThat(text(x, "材料包.zip/材料/内层.docx/header")).isEqualTo("秘密★1年");
        assertThat(text(x, "材料包.zip/材料/内层.docx/file-name")).isEqualTo("内层.docx");
    }

    @Test
    void aFileNameIsItsOwnPart() {
        Extraction x = extractor.extractFile(new SubmittedFile("C:\\fakepath\\机密★5年 会议纪要.txt", TestFiles.utf8("会议纪要正文")));

        assertThat(text(x, "机密★5年 会议纪要.txt/file-name")).isEqualTo("机密★5年 会议纪要.txt");
        assertThat(part(x, "机密★5年 会议纪要.txt/file-name").origin()).isEqualTo(Origin.METADATA);
        assertThat(text(x, "机密★5年 会议纪要.txt")).isEqualTo("会议纪要正文");
    }

    @Test
    void theSharedCorpusFilesAreRead() throws Exception {
        Path corpus = TestFiles.corpus();
        assumeTrue(corpus != null, "../shared/corpus is not beside the repository");

        assertThat(text(corpusFile(corpus, "dev-header-mark.docx"), "dev-header-mark.docx/header")).contains("秘密★1年");
        assertThat(text(corpusFile(corpus, "dev-comment.docx"), "dev-comment.docx/comment")).contains("机密★5年");
        Extraction clean = corpusFile(corpus, "dev-clean.docx");
        assertThat(codes(clean)).isEmpty();
        assertThat(text(clean, "dev-clean.docx")).contains("关于开展植树活动的通知");
        assertThat(text(corpusFile(corpus, "dev-mark.pdf"), "dev-mark.pdf")).startsWith("机密★5年\n");
        assertThat(codes(corpusFile(corpus, "dev-clean.pdf"))).isEmpty();
        assertThat(text(corpusFile(corpus, "dev-ids.xlsx"), "dev-ids.xlsx")).contains("\n330106198805170426\n");
        Extraction html = corpusFile(corpus, "dev-hidden.html");
        assertThat(text(html, "dev-hidden.html/html-comment")).contains("机密★5年");
        assertThat(text(html, "dev-hidden.html/hidden-element")).contains("秘密★1年");
        assertThat(text(html, "dev-hidden.html")).doesNotContain("秘密");
        assertThat(codes(corpusFile(corpus, "dev-garbage.pdf"))).containsExactly(Problems.CORRUPT);
        Extraction scan = corpusFile(corpus, "dev-scan-mark.png");
        if (extractor.ocrAvailable()) {
            assertThat(codes(scan)).isEmpty();
            assertThat(text(scan, "dev-scan-mark.png/ocr").replace(" ", "")).contains("关于召开专题会议的通知");
        } else {
            assertThat(codes(scan)).containsExactly(Problems.OCR_UNAVAILABLE);
        }
    }

    private static Extraction corpusFile(Path corpus, String name) throws Exception {
        return extractor.extractFile(new SubmittedFile(name, Files.readAllBytes(corpus.resolve(name))));
    }
}
