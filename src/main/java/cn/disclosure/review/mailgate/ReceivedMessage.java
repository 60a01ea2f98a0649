package cn.disclosure.review.mailgate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A message as received after DATA: its lines without line ends and without the dot-stuffing of
 * the transfer (RFC 5321 §4.5.2). Only a line "." after a CRLF, itself ended by CRLF, ends the
 * message; a "." line with a bare LF on either side is content and is sent on dot-stuffed, so the
 * next hop sees exactly the one message the gate checked (no SMTP smuggling through the gate).
 */
final class ReceivedMessage {
    final List<byte[]> lines;
    final long size;
    /** More than the size limit arrived: the content was read to its end and dropped. */
    final boolean tooLarge;

    private ReceivedMessage(List<byte[]> lines, long size, boolean tooLarge) {
        this.lines = lines;
        this.size = size;
        this.tooLarge = tooLarge;
    }

    /** Reads up to the end of data; null when the connection ends first. */
    static ReceivedMessage read(SmtpLineReader in, long maxBytes) throws IOException {
        List<byte[]> lines = new ArrayList<>();
        long size = 0;
        boolean tooLarge = false;
        boolean afterCrlf = true;
        while (true) {
            long room = Math.max(1000, maxBytes - size);
            SmtpLineReader.Line l = in.read((int) Math.min(Integer.MAX_VALUE - 16, room));
            if (l == null) {
                return null;
            }
            byte[] b = l.bytes();
            if (afterCrlf && l.crlf() && b.length == 1 && b[0] == '.') {
                return new ReceivedMessage(tooLarge ? List.of() : lines, size, tooLarge);
            }
            afterCrlf = l.crlf();
            if (l.overlong()) {
                tooLarge = true;
            }
            if (b.length > 1 && b[0] == '.') {
                b = Arrays.copyOfRange(b, 1, b.length); // transparency: the client doubled a leading dot
            }
            size += b.length + 2;
            if (size > maxBytes) {
                tooLarge = true;
            }
            if (!tooLarge) {
                lines.add(b);
            } else if (!lines.isEmpty()) {
                lines.clear();
            }
        }
    }

    /** The message as one byte array with CRLF line ends (for the MIME parser). */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 16, size));
        for (byte[] l : lines) {
            out.writeBytes(l);
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    /**
     * The lines without the X-Review-* header fields of the top-level header (and their
     * continuation lines): only the gate says what the review found.
     */
    List<byte[]> withoutReviewHeaders() {
        List<byte[]> out = new ArrayList<>(lines.size());
        boolean inHeader = true;
        boolean dropping = false;
        for (byte[] l : lines) {
            if (inHeader) {
                if (l.length == 0) {
                    inHeader = false;
                    out.add(l);
                    continue;
                }
                boolean continuation = l[0] == ' ' || l[0] == '\t';
                if (!continuation) {
                    dropping = isReviewField(l);
                }
                if (dropping) {
                    continue;
                }
            }
            out.add(l);
        }
        return out;
    }

    private static boolean isReviewField(byte[] line) {
        int n = Math.min(line.length, 64);
        String start = new String(line, 0, n, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int colon = start.indexOf(':');
        return colon > 0 && start.substring(0, colon).strip().startsWith("x-review-");
    }
}
