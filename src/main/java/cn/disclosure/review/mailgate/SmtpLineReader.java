package cn.disclosure.review.mailgate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads SMTP lines from one buffered stream, so pipelined commands and the message that follows
 * them are never lost between reads (RFC 2920). A line ends at LF; whether a CR stood before it is
 * reported, because only CRLF.CRLF ends a message (a bare LF never does: no SMTP smuggling).
 */
final class SmtpLineReader {
    /** One line without its line end; {@code crlf} tells whether it ended with CRLF; {@code overlong} whether bytes were dropped. */
    record Line(byte[] bytes, boolean crlf, boolean overlong) {
        String ascii() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        String utf8() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private final InputStream in;

    SmtpLineReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next line, or null at the end of the stream. At most {@code max} octets are kept; the rest
     * of a longer line is read and dropped ({@code overlong}).
     */
    Line read(int max) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        boolean overlong = false;
        int prev = -1;
        int c;
        int count = 0;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                if (!overlong && bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
                    bytes = Arrays.copyOf(bytes, bytes.length - 1);
                }
                return new Line(bytes, prev == '\r', overlong);
            }
            if (count < max + 1) {
                b.write(c);
                count++;
            } else {
                overlong = true;
            }
            prev = c;
        }
        return null;
    }

    /** Bytes already received and not yet read (pipelined input). */
    int buffered() throws IOException {
        return in.available();
    }
}
