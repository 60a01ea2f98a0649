package cn.disclosure.review.mailgate;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The receiving MTA of the tests: a real SMTP server on 127.0.0.1, written independently of the
 * gate's code, that records every command and message it is given. It undoes dot-stuffing the
 * RFC 5321 way and ends a message only at CRLF.CRLF, so what it stores is what a real MTA would queue.
 */
final class SmtpReceiver implements AutoCloseable {
    record Received(String mailFrom, List<String> rcptTo, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }

        /** The top-level header block, unfolded lines. */
        String header(String name) {
            String head = text().split("\r\n\r\n", 2)[0].replaceAll("\r\n[ \t]+", " ");
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    private final ServerSocket server;
    private final LinkedBlockingQueue<Received> messages = new LinkedBlockingQueue<>();
    final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<String> extensions;
    private volatile String refuseRecipient;
    private final Thread acceptor;

    SmtpReceiver(String... extensions) throws IOException {
        this.extensions = List.of(extensions.length == 0
                ? new String[]{"PIPELINING", "8BITMIME", "SMTPUTF8", "SIZE 52428800", "ENHANCEDSTATUSCODES"} : extensions);
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = new Thread(this::accept, "test-smtp-receiver");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    /** RCPT TO this address gets 550. */
    void refuse(String recipient) {
        refuseRecipient = recipient;
    }

    /** The next message that arrives, or null after {@code wait}. */
    Received next(Duration wait) throws InterruptedException {
        return messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Messages that arrived and were not taken yet. */
    int pending() {
        return messages.size();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> session(s), "test-smtp-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket s) {
        try (s) {
            s.setSoTimeout(60_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            say(out, "220 receiver.test ESMTP");
            String from = null;
            List<String> rcpts = new ArrayList<>();
            String line;
            while ((line = line(in)) != null) {
                commands.add(line);
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("EHLO")) {
                    StringBuilder b = new StringBuilder("250-receiver.test\r\n");
                    for (int i = 0; i < extensions.size(); i++) {
                        b.append(i == extensions.size() - 1 ? "250 " : "250-").append(extensions.get(i)).append("\r\n");
                    }
                    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } else if (upper.startsWith("HELO")) {
                    say(out, "250 receiver.test");
                } else if (upper.startsWith("MAIL FROM:")) {
                    from = line.substring(10).strip();
                    rcpts.clear();
                    say(out, "250 2.1.0 OK");
                } else if (upper.startsWith("RCPT TO:")) {
                    String r = line.substring(8).strip();
                    if (refuseRecipient != null && r.contains(refuseRecipient)) {
                        say(out, "550 5.1.1 No such user");
                    } else {
                        rcpts.add(r);
                        say(out, "250 2.1.5 OK");
                    }
                } else if (upper.equals("DATA")) {
                    say(out, "354 go ahead");
                    byte[] data = data(in);
                    if (data == null) {
                        return;
                    }
                    messages.add(new Received(from, List.copyOf(rcpts), data));
                    say(out, "250 2.0.0 queued as TEST" + messages.size());
                    from = null;
                    rcpts.clear();
                } else if (upper.equals("RSET")) {
                    from = null;
                    rcpts.clear();
                    say(out, "250 2.0.0 OK");
                } else if (upper.equals("QUIT")) {
                    say(out, "221 2.0.0 Bye");
                    return;
                } else if (upper.startsWith("XFORWARD")) {
                    say(out, "250 2.0.0 OK");
                } else {
                    say(out, "502 5.5.1 unknown");
                }
            }
        } catch (IOException e) {
            // connection ended
        }
    }

    private static void say(OutputStream out, String s) throws IOException {
        out.write((s + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return null;
    }

    /** The message up to CRLF.CRLF, dot-stuffing undone; lines keep their CRLF. */
    private static byte[] data(InputStream in) throws IOException {
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            line.write(c);
            if (c == '\n') {
                byte[] l = line.toByteArray();
                line.reset();
                if (l.length == 3 && l[0] == '.' && l[1] == '\r') {
                    return msg.toByteArray();
                }
                int off = l.length > 0 && l[0] == '.' ? 1 : 0;
                msg.write(l, off, l.length - off);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
