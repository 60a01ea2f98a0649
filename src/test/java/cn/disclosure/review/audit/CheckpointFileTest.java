package cn.disclosure.review.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static cn.disclosure.review.audit.TestCheckpointKeys.CURRENT_PRIVATE;
import static org.assertj.core.api.Assertions.assertThat;

/** The checkpoint file outside the database: appends, torn last lines, damaged lines. */
class CheckpointFileTest {
    @TempDir
    Path dir;

    private final CheckpointKeys keys = TestCheckpointKeys.signingWith(CURRENT_PRIVATE);

    private Checkpoint cp(long seq) {
        return keys.sign(seq, String.format("%064x", seq), Instant.parse("2026-11-29T08:00:00Z").plusSeconds(seq), Instant.now());
    }

    private List<CheckpointFile.Line> lines(CheckpointFile f) throws Exception {
        List<CheckpointFile.Line> out = new ArrayList<>();
        f.read(out::add);
        return out;
    }

    @Test
    void checkpointsAreAppendedOnePerLineAndReadBackEqual() throws Exception {
        CheckpointFile f = new CheckpointFile(dir.resolve("audit/checkpoints.jsonl"));
        assertThat(lines(f)).isEmpty();
        f.prepare();
        f.append(cp(50));
        f.append(cp(100));
        List<CheckpointFile.Line> read = lines(f);
        assertThat(read).extracting(l -> l.checkpoint().seq()).containsExactly(50L, 100L);
        assertThat(read).allSatisfy(l -> assertThat(keys.check(l.checkpoint())).isEqualTo(CheckpointKeys.Trust.VALID));
        assertThat(Files.readAllLines(f.path())).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("{\"format\":\"" + Checkpoint.FORMAT + "\",\"seq\":"));
    }

    @Test
    void aTornLastLineIsSkippedAndTheNextAppendStartsANewLine() throws Exception {
        CheckpointFile f = new CheckpointFile(dir.resolve("checkpoints.jsonl"));
        f.append(cp(1));
        String torn = CheckpointFile.toJson(cp(2));
        Files.writeString(f.path(), torn.substring(0, torn.length() / 2), StandardOpenOption.APPEND);
        assertThat(lines(f)).extracting(l -> l.checkpoint().seq()).containsExactly(1L);

        f.append(cp(3));
        List<CheckpointFile.Line> read = lines(f);
        // The torn line is now an ordinary damaged line, reported; the new checkpoint is intact.
        assertThat(read).hasSize(3);
        assertThat(read.get(1).checkpoint()).isNull();
        assertThat(read.get(1).problem()).isNotBlank();
        assertThat(read.get(2).checkpoint().seq()).isEqualTo(3);
    }

    @Test
    void damagedAndForeignLinesAreReportedNotSkipped() throws Exception {
        CheckpointFile f = new CheckpointFile(dir.resolve("checkpoints.jsonl"));
        f.append(cp(1));
        Files.write(f.path(), new byte[]{'{', (byte) 0xC3, (byte) 0x28, '}', '\n'}, StandardOpenOption.APPEND);
        Files.writeString(f.path(), "{\"format\":\"" + Checkpoint.FORMAT + "\",\"seq\":2,\"hash\":\"nothex\"}\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        f.append(cp(4));
        List<CheckpointFile.Line> read = lines(f);
        assertThat(read).extracting(CheckpointFile.Line::number).containsExactly(1L, 2L, 3L, 4L);
        assertThat(read.get(1).checkpoint()).isNull();
        assertThat(read.get(2).checkpoint()).isNull();
        assertThat(read.get(3).checkpoint().seq()).isEqualTo(4);
    }
}
