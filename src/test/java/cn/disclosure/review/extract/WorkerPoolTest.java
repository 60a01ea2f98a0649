package cn.disclosure.review.extract;

import static cn.disclosure.review.extract.Parts.codes;
import static cn.disclosure.review.extract.Parts.names;
import static cn.disclosure.review.extract.Parts.text;
import static cn.disclosure.review.extract.TestFiles.p;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The parsing worker processes, without the web application: a worker that exits in the middle of
 * a file, one that runs out of its heap, one that never returns, one that goes deaf, one that
 * writes garbage, one that never starts. Each time the file is reported unreadable with its own
 * problem, the worker is replaced, and the next file is read normally by a new worker — while
 * other files are read at the same time.
 */
class WorkerPoolTest {

    private static IsolatedContentExtractor extractor;

    @BeforeAll
    static void start() {
        extractor = new IsolatedContentExtractor(Extractors.config("ocr.enabled", "false", "max-concurrent", "3",
                "worker.max-heap", "160m", "timeout", "6s", "worker.kill-grace", "5s", "busy-wait", "300s"));
    }

    @AfterAll
    static void stop() {
        extractor.shutdown();
    }

    private static Extraction ordinary(String name) {
        return extractor.extractFile(new SubmittedFile(name, new TestFiles.Docx().body(p("正常的通知")).bytes()));
    }

    private static void assertReadNormally(Extraction x, String name) {
        assertThat(codes(x)).isEmpty();
        assertThat(text(x, name)).isEqualTo("正常的通知");
    }

    @Test
    void aWorkerThatExitsInTheMiddleOfAFileIsReplaced() {
        assertReadNormally(ordinary("之前.docx"), "之前.docx");
        int ended = extractor.pool().endedCount();

        Extraction x = extractor.extractFile(new SubmittedFile("退出.hostile-exit", TestFiles.utf8("任意内容")));

        assertThat(codes(x)).containsExactly(Problems.WORKER_FAILED);
        assertThat(x.problems().get(0).part()).isEqualTo("退出.hostile-exit");
        assertThat(x.problems().get(0).message()).contains("解析进程意外终止");
        assertThat(names(x)).containsExactly("退出.hostile-exit/file-name");
        assertThat(extractor.pool().endedCount()).isGreaterThan(ended);
        assertReadNormally(ordinary("之后.docx"), "之后.docx");
    }

    @Test
    void aWorkerThatRunsOutOfItsHeapIsReplaced() {
        Extraction x = extractor.extractFile(new SubmittedFile("内存.hostile-alloc", TestFiles.utf8("任意内容")));

        assertThat(codes(x)).containsExactly(Problems.WORKER_MEMORY);
        assertThat(x.problems().get(0).message()).contains("160m");
        assertReadNormally(ordinary("之后.docx"), "之后.docx");
    }

    @Test
    void aParseThatNeverReturnsTimesOutAndItsWorkerIsRetired() {
        int ended = extractor.pool().endedCount();

        Extraction x = extractor.extractFile(new SubmittedFile("卡死.hostile-hang", TestFiles.utf8("任意内容")));

        assertThat(codes(x)).containsExactly(Problems.TIMEOUT);
        assertThat(x.problems().get(0).message()).contains("超过 6 秒");
        assertThat(text(x, "卡死.hostile-hang/file-name")).as("what was read before the limit stays").isEqualTo("卡死.hostile-hang");
        assertThat(extractor.pool().endedCount()).as("the worker with the stuck thread was retired").isGreaterThan(ended);
        assertReadNormally(ordinary("之后.docx"), "之后.docx");
    }

    @Test
    void hostileFilesReadAtTheSameTimeAsOrdinaryOnesHarmOnlyThemselves() throws Exception {
        List<CompletableFuture<Extraction>> hostile = new ArrayList<>();
        for (String name : List.of("同时.hostile-exit", "同时.hostile-alloc", "同时.hostile-hang")) {
            hostile.add(CompletableFuture.supplyAsync(() -> extractor.extractFile(new SubmittedFile(name, TestFiles.utf8("任意内容")))));
        }
        List<CompletableFuture<Extraction>> clean = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String name = "并行" + i + ".docx";
            clean.add(CompletableFuture.supplyAsync(() -> ordinary(name)));
        }
        for (int i = 0; i < clean.size(); i++) {
            assertReadNormally(clean.get(i).get(), "并行" + i + ".docx");
        }
        assertThat(codes(hostile.get(0).get())).containsExactly(Problems.WORKER_FAILED);
        assertThat(codes(hostile.get(1).get())).containsExactly(Problems.WORKER_MEMORY);
        assertThat(codes(hostile.get(2).get())).containsExactly(Problems.TIMEOUT);
        assertReadNormally(ordinary("之后.docx"), "之后.docx");
    }

    @Test
    void anHtmlBodyIsReadInAWorkerAndPlainTextIsNot() {
        Extraction html = extractor.extractBody("body", "<p>正文</p><!-- 秘密★1年 -->");
        assertThat(codes(html)).isEmpty();
        assertThat(text(html, "body")).isEqualTo("正文");
        assertThat(text(html, "body/html-comment")).isEqualTo("秘密★1年");

        Extraction plain = extractor.extractBody("body", "纯文本正文");
        assertThat(text(plain, "body")).isEqualTo("纯文本正文");
    }

    private static List<String> testWorker(String behaviour) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", String.join(File.pathSeparator, IsolatedContentExtractor.classpath()), TestWorkers.class.getName(), behaviour));
        return command;
    }

    private static WorkerProtocol.Out request() throws Exception {
        return new WorkerProtocol.Out(WorkerProtocol.FILE).writeString("a.txt").writeBytes(TestFiles.utf8("正文"));
    }

    @Test
    void aWorkerStartedWhileThePoolClosesIsStoppedNotLeftRunning() throws Exception {
        String marker = "-Dreview.test.marker=" + java.util.UUID.randomUUID();
        List<String> command = new ArrayList<>(testWorker("deaf"));
        command.add(1, marker);
        WorkerPool pool = new WorkerPool(command, 1, 0, 0, Duration.ofSeconds(60), 1 << 20, 1000);
        pool.close();

        // the service stops while a worker is being started (the warm-up thread of fillWarm)
        org.assertj.core.api.Assertions.assertThatThrownBy(pool::start).isInstanceOf(java.io.IOException.class);

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.current().children().anyMatch(h -> h.info().arguments()
                .map(a -> List.of(a).contains(marker)).orElse(false))) {
            assertThat(System.nanoTime()).as("the worker process has ended").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void aWorkerThatGoesDeafIsKilledAtTheLimit() throws Exception {
        try (WorkerPool pool = new WorkerPool(testWorker("deaf"), 1, 0, 0, Duration.ofSeconds(60), 1 << 20, 1000)) {
            WorkerPool.Reply reply = pool.run(request(), Duration.ofSeconds(2), ExtractionProgress.NONE, null);
            assertThat(reply.failure()).isEqualTo(WorkerPool.Failure.TIMEOUT);
            assertThat(pool.endedCount()).isEqualTo(1);
            assertThat(pool.pids()).as("the deaf worker is gone").isEmpty();

            WorkerPool.Reply again = pool.run(request(), Duration.ofSeconds(2), ExtractionProgress.NONE, null);
            assertThat(again.failure()).isEqualTo(WorkerPool.Failure.TIMEOUT);
            assertThat(pool.startedCount()).as("a new worker took the next file").isEqualTo(2);
        }
    }

    @Test
    void aWorkerThatWritesGarbageIsKilled() throws Exception {
        try (WorkerPool pool = new WorkerPool(testWorker("garbage"), 1, 0, 0, Duration.ofSeconds(60), 1 << 20, 1000)) {
            WorkerPool.Reply reply = pool.run(request(), Duration.ofSeconds(60), ExtractionProgress.NONE, null);
            assertThat(reply.failure()).isEqualTo(WorkerPool.Failure.CRASHED);
            assertThat(pool.endedCount()).isEqualTo(1);
            assertThat(pool.pids()).isEmpty();
        }
    }

    @Test
    void aWorkerThatNeverStartsGivesNoWorkerAndNoHang() throws Exception {
        try (WorkerPool pool = new WorkerPool(testWorker("mute"), 1, 0, 0, Duration.ofSeconds(60), 1 << 20, 1000)) {
            WorkerPool.Reply reply = pool.run(request(), Duration.ofSeconds(60), ExtractionProgress.NONE, null);
            assertThat(reply.failure()).isEqualTo(WorkerPool.Failure.NO_WORKER);
            assertThat(pool.startedCount()).isZero();
        }
    }
}
