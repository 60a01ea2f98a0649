package cn.disclosure.review.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * Checkpoints appended to a file outside the database, one JSON object per line (JSON Lines), each
 * line forced to disk before the append returns. A last line without its line break (a write torn
 * by a crash) that does not parse is not a checkpoint and is skipped; the next append starts on a
 * new line. Every other line that does not parse is reported.
 */
final class CheckpointFile {
    /** One line of the file: a checkpoint, or why the line is not one. */
    record Line(long number, Checkpoint checkpoint, String problem) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path path;

    CheckpointFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    Path path() {
        return path;
    }

    /** Creates the directory and checks that the file can be appended to. */
    synchronized void prepare() throws IOException {
        Files.createDirectories(path.getParent());
        try (FileChannel ignored = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            // opened for appending: the service can write its checkpoints here
        }
    }

    synchronized void append(Checkpoint c) throws IOException {
        byte[] line = (toJson(c) + "\n").getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(path.getParent());
        boolean startNewLine = false;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            startNewLine = ch.size() > 0 && lastByte(ch) != '\n';
        } catch (NoSuchFileException e) {
            // created below
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer out = startNewLine
                    ? ByteBuffer.allocate(line.length + 1).put((byte) '\n').put(line).flip()
                    : ByteBuffer.wrap(line);
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ch.force(true);
        }
    }

    /** Hands every line to {@code sink}, in file order; nothing when the file does not exist. */
    synchronized void read(Consumer<Line> sink) throws IOException {
        boolean terminated;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            terminated = ch.size() == 0 || lastByte(ch) == '\n';
        } catch (NoSuchFileException e) {
            return;
        }
        // Lenient decoding: damaged bytes make that line unparseable (and reported), not the whole file unreadable.
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8))) {
            long number = 0;
            String pending = in.readLine();
            while (pending != null) {
                number++;
                String next = in.readLine();
                boolean last = next == null;
                if (!pending.isBlank()) {
                    Line parsed = parse(number, pending);
                    if (parsed.checkpoint() != null || !(last && !terminated)) {
                        sink.accept(parsed);
                    }
                }
                pending = next;
            }
        }
    }

    static String toJson(Checkpoint c) {
        try {
            return JSON.writeValueAsString(c);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Checkpoint fromJson(String json) throws IOException {
        return JSON.readValue(json, Checkpoint.class);
    }

    private static Line parse(long number, String text) {
        try {
            return new Line(number, fromJson(text), null);
        } catch (IOException | IllegalArgumentException e) {
            return new Line(number, null, "不是有效的检查点");
        }
    }

    private static byte lastByte(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1);
        ch.read(b, ch.size() - 1);
        return b.get(0);
    }
}
