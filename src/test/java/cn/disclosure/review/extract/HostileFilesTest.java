package cn.disclosure.review.extract;

import static cn.disclosure.review.extract.Parts.codes;
import static cn.disclosure.review.extract.Parts.text;
import static cn.disclosure.review.extract.TestFiles.p;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken files: each gets its problem code and a Chinese message, nothing is thrown,
 * and the same extractor reads the next ordinary file normally.
 */
class HostileFilesTest {

    private static TikaContentExtractor extractor;

    @BeforeAll
    static void start() {
        extractor = Extractors.create("ocr.enabled", "false");
    }

    @AfterAll
    static void stop() {
        extractor.shutdown();
    }

    @AfterEach
    void theExtractorStillWorks() {
        Extraction next = extractor.extractFile(new SubmittedFile("下一个.docx", new TestFiles.Docx().body(p("正常的通知")).bytes()));
        assertThat(codes(next)).isEmpty();
        assertThat(text(next, "下一个.docx")).isEqualTo("正常的通知");
    }

    private static Extraction read(String name, byte[] bytes) {
        Extraction x = extractor.extractFile(new SubmittedFile(name, bytes));
        assertThat(x.problems()).allSatisfy(problem -> assertThat(problem.message()).containsPattern("\\p{IsHan}{4}"));
        return x;
    }

    @Test
    void aZipBombIsStopped() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("zeros.txt"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        Extraction x = read("炸弹.zip", out.toByteArray());

        assertThat(codes(x)).containsExactly(Problems.ZIP_BOMB);
        assertThat(x.problems().get(0).part()).isEqualTo("炸弹.zip/zeros.txt");
    }

    @Test
    void aDocxWhoseXmlUnpacksToGigabytesIsStopped() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            byte[] docx = new TestFiles.Docx().body(p("正文")).bytes();
            try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(docx))) {
                ZipEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    zip.putNextEntry(new ZipEntry(entry.getName()));
                    if (entry.getName().equals("word/document.xml")) {
                        String xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                        int cut = xml.indexOf("<w:body>") + "<w:body>".length();
                        zip.write(TestFiles.utf8(xml.substring(0, cut)));
                        byte[] paragraph = TestFiles.utf8(p("重复的段落重复的段落重复的段落"));
                        for (int i = 0; i < 1_500_000; i++) {
                            zip.write(paragraph);
                        }
                        zip.write(TestFiles.utf8(xml.substring(cut)));
                    } else {
                        zip.write(in.readAllBytes());
                    }
                    zip.closeEntry();
                }
            }
        }
        Extraction x = read("膨胀.docx", out.toByteArray());

        assertThat(codes(x)).containsExactly(Problems.ZIP_BOMB);
    }

    @Test
    void aTruncatedDocxIsCorrupt() {
        byte[] docx = new TestFiles.Docx().body(p("正文内容".repeat(200))).header(p("页眉")).bytes();
        Extraction x = read("截断.docx", Arrays.copyOf(docx, docx.length * 2 / 3));

        assertThat(codes(x)).contains(Problems.CORRUPT);
    }

    @Test
    void randomBytesNamedPdfAreCorrupt() {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Extraction x = read("随机.pdf", noise);

        assertThat(codes(x)).containsExactly(Problems.CORRUPT);
        assertThat(x.problems().get(0).part()).isEqualTo("随机.pdf");
    }

    @Test
    void randomBytesWithoutAKnownTypeAreUnsupported() {
        byte[] noise = new byte[4096];
        new Random(11).nextBytes(noise);
        Extraction x = read("数据.bin", noise);

        assertThat(codes(x)).containsExactly(Problems.UNSUPPORTED);
    }

    @Test
    void anEmptyFileIsReported() {
        assertThat(codes(read("空.docx", new byte[0]))).containsExactly(Problems.EMPTY);
    }

    @Test
    void anEncryptedDocxIsReportedAsEncrypted() {
        byte[] docx = new TestFiles.Docx().body(p("机密★5年")).bytes();
        Extraction x = read("加密.docx", TestFiles.encryptOoxml(docx, "secret"));

        assertThat(codes(x)).containsExactly(Problems.ENCRYPTED);
        assertThat(x.problems().get(0).message()).contains("加密").contains("未加密");
    }

    @Test
    void anEncryptedXlsxIsReportedAsEncrypted() throws Exception {
        byte[] xlsx;
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            workbook.createSheet("表").createRow(0).createCell(0).setCellValue("330106198805170426");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            xlsx = out.toByteArray();
        }
        Extraction x = read("加密.xlsx", TestFiles.encryptOoxml(xlsx, "secret"));

        assertThat(codes(x)).containsExactly(Problems.ENCRYPTED);
    }

    @Test
    void aPdfThatNeedsAPasswordIsReportedAsEncrypted() throws Exception {
        PDDocument doc = TestFiles.textPdf(new String[] {"机密★5年"});
        StandardProtectionPolicy policy = new StandardProtectionPolicy("owner", "user", new AccessPermission());
        policy.setEncryptionKeyLength(128);
        doc.protect(policy);
        Extraction x = read("加密.pdf", TestFiles.save(doc));

        assertThat(codes(x)).containsExactly(Problems.ENCRYPTED);
    }

    @Test
    void zipsNestedTooDeeplyStopAtTheLimit() {
        byte[] inner = new TestFiles.Docx().body(p("最里层")).bytes();
        String name = "最里层.docx";
        for (int level = 1; level <= 8; level++) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put(name, inner);
            inner = TestFiles.zip(entries);
            name = "第" + level + "层.zip";
        }
        Extraction x = read("套娃.zip", inner);

        assertThat(codes(x)).containsExactly(Problems.TOO_DEEP);
        assertThat(x.problems().get(0).part()).startsWith("套娃.zip/第7层.zip/第6层.zip/");
        assertThat(Parts.names(x)).contains("套娃.zip/第7层.zip/第6层.zip/第5层.zip/第4层.zip/第3层.zip/file-name");
    }

    @Test
    void tooManyEmbeddedFilesStopAtTheLimit() {
        TikaContentExtractor limited = Extractors.create("ocr.enabled", "false", "max-embedded-count", "3");
        try {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (int i = 1; i <= 5; i++) {
                entries.put(i + ".txt", TestFiles.utf8("第" + i + "个"));
            }
            Extraction x = limited.extractFile(new SubmittedFile("多.zip", TestFiles.zip(entries)));

            assertThat(codes(x)).containsExactly(Problems.TOO_MANY_EMBEDDED);
            assertThat(text(x, "多.zip/3.txt")).isEqualTo("第3个");
            assertThat(Parts.names(x)).doesNotContain("多.zip/4.txt");
        } finally {
            limited.shutdown();
        }
    }
}
