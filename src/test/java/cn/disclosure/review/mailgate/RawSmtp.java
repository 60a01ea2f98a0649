package cn.disclosure.review.mailgate;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An SMTP client at the byte level, for what a library client would not send (pipelining, bare LF, bad encodings). */
final class RawSmtp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawSmtp(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(120_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Writes the bytes as they are (one write: pipelined commands arrive together). */
    RawSmtp send(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** One whole reply, all its lines joined by "\n". */
    String reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String l = line();
            if (l == null) {
                return lines.isEmpty() ? null : String.join("\n", lines);
            }
            lines.add(l);
            if (l.length() < 4 || l.charAt(3) != '-') {
                return String.join("\n", lines);
            }
        }
    }

    /** Raw reply octets of one line, for checking the 512-octet limit and the character set. */
    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            b.write(c);
            if (c == '\n') {
                byte[] raw = b.toByteArray();
                lineOctets.add(raw.length);
                String s = new String(raw, StandardCharsets.UTF_8);
                return s.substring(0, s.length() - 2);
            }
        }
        return null;
    }

    final List<Integer> lineOctets = new ArrayList<>();

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
