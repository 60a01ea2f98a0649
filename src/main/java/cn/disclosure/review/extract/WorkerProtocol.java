package cn.disclosure.review.extract;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The frames between the service and a parsing worker ({@link ExtractWorker}) over the worker's
 * standard input and output: a 4-byte big-endian length, then one type byte and the payload.
 * Strings are a 4-byte length and UTF-8. The service never trusts what comes back: every frame is
 * bounded, every count and string checked against what is left of its frame (a worker that was
 * taken over by a hostile file can lie about the text, but it cannot make the service allocate
 * without bound or read past a frame).
 *
 * <p>Service → worker: {@link #FILE} (name, bytes), {@link #BODY} (part name, HTML),
 * {@link #OCR_ANSWER} (id, status, text). Worker → service: {@link #READY} once started,
 * {@link #PLANNED} / {@link #DONE} (progress), {@link #OCR_REQUEST} (id, width, height, BGR pixels),
 * {@link #RESULT} (retire flag, parts, problems) ending each file.
 */
final class WorkerProtocol {

    static final byte FILE = 'F';
    static final byte BODY = 'B';
    static final byte OCR_ANSWER = 'A';
    static final byte READY = 'H';
    static final byte PLANNED = 'p';
    static final byte DONE = 'd';
    static final byte OCR_REQUEST = 'O';
    static final byte RESULT = 'R';

    static final byte OCR_OK = 0;
    static final byte OCR_TIMEOUT = 1;
    static final byte OCR_FAILED = 2;

    private WorkerProtocol() {
    }

    /** The channel broke its rules (a frame too long, a count that does not fit, an unknown type). */
    static final class ProtocolException extends IOException {
        ProtocolException(String what) {
            super(what);
        }
    }

    /** One frame read: its type and a reader over its payload that refuses to read past it. */
    static final class Frame {
        final byte type;
        private final byte[] payload;
        private final DataInputStream in;

        Frame(byte type, byte[] payload) {
            this.type = type;
            this.payload = payload;
            this.in = new DataInputStream(new ByteArrayInputStream(payload));
        }

        int remaining() throws IOException {
            return in.available();
        }

        byte readByte() throws IOException {
            return in.readByte();
        }

        boolean readBoolean() throws IOException {
            return in.readBoolean();
        }

        int readInt() throws IOException {
            return in.readInt();
        }

        long readLong() throws IOException {
            return in.readLong();
        }

        /** A count of items each at least {@code minBytes} long: refused when they cannot fit in the rest of the frame. */
        int readCount(int minBytes) throws IOException {
            int n = in.readInt();
            if (n < 0 || (long) n * Math.max(1, minBytes) > in.available()) {
                throw new ProtocolException("count");
            }
            return n;
        }

        byte[] readBytes() throws IOException {
            int n = in.readInt();
            if (n < 0 || n > in.available()) {
                throw new ProtocolException("length");
            }
            byte[] out = new byte[n];
            in.readFully(out);
            return out;
        }

        /** Reads {@code n} bytes into {@code target}. */
        void readFully(byte[] target) throws IOException {
            if (target.length > in.available()) {
                throw new ProtocolException("length");
            }
            in.readFully(target);
        }

        String readString() throws IOException {
            return new String(readBytes(), StandardCharsets.UTF_8);
        }

        /** The payload was read to its end (trailing bytes are garbage). */
        void end() throws IOException {
            if (in.available() != 0) {
                throw new ProtocolException("trailing bytes");
            }
        }

        int size() {
            return payload.length;
        }
    }

    /** Reads one frame of at most {@code maxBytes}; null at a clean end of stream before a frame. */
    static Frame read(InputStream stream, long maxBytes) throws IOException {
        DataInputStream in = stream instanceof DataInputStream d ? d : new DataInputStream(stream);
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length < 1 || length > maxBytes) {
            throw new ProtocolException("frame length");
        }
        byte type = in.readByte();
        byte[] payload = new byte[length - 1];
        in.readFully(payload);
        return new Frame(type, payload);
    }

    /** A frame being written: the payload is collected, then sent whole with {@link #send}. */
    static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream data = new DataOutputStream(bytes);
        private final byte type;

        Out(byte type) {
            this.type = type;
        }

        Out writeByte(int b) throws IOException {
            data.writeByte(b);
            return this;
        }

        Out writeBoolean(boolean b) throws IOException {
            data.writeBoolean(b);
            return this;
        }

        Out writeInt(int i) throws IOException {
            data.writeInt(i);
            return this;
        }

        Out writeLong(long l) throws IOException {
            data.writeLong(l);
            return this;
        }

        Out writeBytes(byte[] b) throws IOException {
            data.writeInt(b.length);
            data.write(b);
            return this;
        }

        Out writeRaw(byte[] b) throws IOException {
            data.write(b);
            return this;
        }

        Out writeString(String s) throws IOException {
            return writeBytes((s == null ? "" : s).getBytes(StandardCharsets.UTF_8));
        }

        /** Writes the frame to {@code out} and flushes; callers serialise writes to one stream. */
        void send(OutputStream out) throws IOException {
            data.flush();
            DataOutputStream head = new DataOutputStream(out);
            head.writeInt(bytes.size() + 1);
            head.writeByte(type);
            bytes.writeTo(out);
            out.flush();
        }
    }
}
