package cn.disclosure.review.mailgate;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SMTP client side of the gate: one connection to the next hop (the MTA's re-injection
 * listener), one command at a time. The message is sent with dot-stuffing and CRLF line ends,
 * re-encoded by the gate, so the next hop sees exactly the one message the gate checked.
 */
final class NextHop implements Closeable {
    private static final int MAX_REPLY_LINE = 4096;
    private static final int MAX_REPLY_LINES = 100;

    private final Socket socket;
    private final SmtpLineReader in;
    private final OutputStream out;
    /** EHLO keywords of the next hop (upper case) and their parameters. */
    private final Map<String, String> extensions = new LinkedHashMap<>();

    private NextHop(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new SmtpLineReader(new BufferedInputStream(socket.getInputStream()));
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Connects, reads the greeting and says EHLO (HELO if EHLO is refused). */
    static NextHop open(InetSocketAddress address, String helo, int connectTimeoutMs, int timeoutMs) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(address, connectTimeoutMs);
            s.setSoTimeout(timeoutMs);
            NextHop hop = new NextHop(s);
            SmtpReply greeting = hop.reply();
            if (greeting.code() != 220) {
                throw new NextHopException("greeting " + greeting.code(), greeting);
            }
            SmtpReply ehlo = hop.command("EHLO " + helo);
            if (ehlo.code() == 250) {
                for (String line : ehlo.lines().subList(1, ehlo.lines().size())) {
                    String[] kw = line.strip().split("\\s+", 2);
                    hop.extensions.put(kw[0].toUpperCase(Locale.ROOT), kw.length > 1 ? kw[1] : "");
                }
            } else {
                SmtpReply h = hop.command("HELO " + helo);
                if (h.code() != 250) {
                    throw new NextHopException("HELO " + h.code(), h);
                }
            }
            return hop;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    boolean supports(String keyword) {
        return extensions.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    String parameter(String keyword) {
        return extensions.getOrDefault(keyword.toUpperCase(Locale.ROOT), "");
    }

    /** Sends one command line (no CR or LF inside, checked by the caller) and reads the reply. */
    SmtpReply command(String line) throws IOException {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("line break inside a command");
        }
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
        out.flush();
        return reply();
    }

    /**
     * DATA, then the message: {@code head} (the gate's header fields, CRLF-terminated) and the
     * message's lines, each dot-stuffed, then the final dot. Returns the 354 refusal or the final reply.
     */
    SmtpReply data(byte[] head, List<byte[]> lines) throws IOException {
        SmtpReply go = command("DATA");
        if (go.code() != 354) {
            return go;
        }
        out.write(head);
        for (byte[] line : lines) {
            if (line.length > 0 && line[0] == '.') {
                out.write('.');
            }
            out.write(line);
            out.write('\r');
            out.write('\n');
        }
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply();
    }

    /** Reads one reply, single- or multi-line. */
    SmtpReply reply() throws IOException {
        List<String> lines = new ArrayList<>();
        int code = -1;
        while (true) {
            SmtpLineReader.Line l = in.read(MAX_REPLY_LINE);
            if (l == null) {
                throw new IOException("next hop closed the connection");
            }
            String s = l.utf8();
            if (s.length() < 3 || !s.substring(0, 3).chars().allMatch(Character::isDigit)) {
                throw new IOException("malformed reply from the next hop");
            }
            int c = Integer.parseInt(s.substring(0, 3));
            if (code == -1) {
                code = c;
            } else if (c != code) {
                throw new IOException("inconsistent multi-line reply from the next hop");
            }
            boolean more = s.length() > 3 && s.charAt(3) == '-';
            lines.add(s.length() > 4 ? s.substring(4) : "");
            if (!more) {
                break;
            }
            if (lines.size() > MAX_REPLY_LINES) {
                throw new IOException("reply from the next hop too long");
            }
        }
        if (code < 200 || code > 599) {
            throw new IOException("reply code out of range from the next hop");
        }
        return SmtpReply.relayed(code, lines);
    }

    /** QUIT, politely; the connection is closed either way. */
    void quit() {
        try {
            command("QUIT");
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    /** The next hop answered but not as an SMTP server ready to take mail. */
    static final class NextHopException extends IOException {
        final SmtpReply reply;

        NextHopException(String message, SmtpReply reply) {
            super(message);
            this.reply = reply;
        }
    }
}
