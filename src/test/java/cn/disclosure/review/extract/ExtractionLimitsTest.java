package cn.disclosure.review.extract;

import static cn.disclosure.review.extract.Parts.codes;
import static cn.disclosure.review.extract.Parts.names;
import static cn.disclosure.review.extract.Parts.text;
import static cn.disclosure.review.extract.TestFiles.p;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The document-level timeout, the bounded pool of readers, and the size and length limits. Each
 * test has its own extractor and its own hanging file names (no state shared between tests).
 */
class ExtractionLimitsTest {

    private static Extraction ordinary(TikaContentExtractor extractor) {
        return extractor.extractFile(new SubmittedFile("通知.docx", new TestFiles.Docx().body(p("正常的通知")).bytes()));
    }

    /** Loads Tika's and POI's classes once, so that reading an ordinary file takes milliseconds in the tests below. */
    @BeforeAll
    static void warmUp() {
        TikaContentExtractor extractor = Extractors.create("ocr.enabled", "false");
        try {
            assertThat(codes(ordinary(extractor))).isEmpty();
        } finally {
            extractor.shutdown();
        }
    }

    @Test
    void aHangingParseTimesOutAndTheNextFileIsReadNormally() {
        TikaContentExtractor extractor = Extractors.create("ocr.enabled", "false", "timeout", "1s", "max-concurrent", "1", "busy-wait", "60s");
        try {
            Extraction hung = extractor.extractFile(new SubmittedFile("卡住.hang", TestFiles.utf8("任意内容")));

            assertThat(codes(hung)).containsExactly(Problems.TIMEOUT);
            assertThat(hung.problems().get(0).part()).isEqualTo("卡住.hang");
            assertThat(hung.problems().get(0).message()).contains("超过 1 秒");
            assertThat(HangingTestParser.release("卡住.hang").getCount()).as("never released: the timeout ended the parse").isEqualTo(1);
            assertThat(text(hung, "卡住.hang/file-name")).isEqualTo("卡住.hang");

            Extraction next = ordinary(extractor);
            assertThat(codes(next)).isEmpty();
            assertThat(text(next, "通知.docx")).isEqualTo("正常的通知");
        } finally {
            extractor.shutdown();
        }
    }

    @Test
    void whenEveryReaderIsBusyARequestGetsBusyAfterABoundedWait() throws Exception {
        TikaContentExtractor extractor = Extractors.create("ocr.enabled", "false", "timeout", "60s", "max-concurrent", "1", "busy-wait", "200ms");
        try {
            CompletableFuture<Extraction> first = CompletableFuture.supplyAsync(
                    () -> extractor.extractFile(new SubmittedFile("慢.hang", TestFiles.utf8("任意内容"))));
            for (int i = 0; HangingTestParser.running("慢.hang") == 0; i++) {
                assertThat(i).as("the hanging parser was reached").isLessThan(3000);
                Thread.sleep(10);
            }

            Extraction turnedAway = ordinary(extractor);
            assertThat(codes(turnedAway)).containsExactly(Problems.BUSY);
            assertThat(turnedAway.problems().get(0).message()).contains("稍后");

            HangingTestParser.release("慢.hang").countDown();
            assertThat(codes(first.get())).isEmpty();
            assertThat(codes(ordinary(extractor))).isEmpty();
        } finally {
            HangingTestParser.release("慢.hang").countDown();
            extractor.shutdown();
        }
    }

    @Test
    void anOversizeFileIsNotRead() {
        TikaContentExtractor extractor = Extractors.create("ocr.enabled", "false", "max-file-bytes", "1000");
        try {
            Extraction x = extractor.extractFile(new SubmittedFile("大.txt", TestFiles.utf8("字".repeat(1000))));

            assertThat(codes(x)).containsExactly(Problems.TOO_LARGE);
            assertThat(names(x)).containsExactly("大.txt/file-name");

            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("内层.txt", TestFiles.utf8("字".repeat(1000)));
            Extraction zipped = extractor.extractFile(new SubmittedFile("小.zip", TestFiles.zip(entries)));
            assertThat(codes(zipped)).containsExactly(Problems.TOO_LARGE);
            assertThat(zipped.problems().get(0).part()).isEqualTo("小.zip/内层.txt");
        } finally {
            extractor.shutdown();
        }
    }

    @Test
    void textBeyondTheWriteLimitIsCutAndReported() {
        TikaContentExtractor extractor = Extractors.create("ocr.enabled", "false", "max-chars", "100");
        try {
            Extraction x = extractor.extractFile(new SubmittedFile("长.txt", TestFiles.utf8("一二三四五六七八九十\n".repeat(50))));

            assertThat(codes(x)).containsExactly(Problems.TOO_LONG);
            assertThat(text(x, "长.txt")).startsWith("一二三四五六七八九十\n一二三四五六七八九十");
            assertThat(text(x, "长.txt").length()).isLessThanOrEqualTo(100);

            Extraction body = extractor.extractBody("body", "字".repeat(150));
            assertThat(codes(body)).containsExactly(Problems.TOO_LONG);
            assertThat(text(body, "body")).hasSize(100);
        } finally {
            extractor.shutdown();
        }
    }
}
