package cn.disclosure.review.notify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A CMS endpoint for tests: a real HTTP server on 127.0.0.1 that checks every request's signature
 * the way a receiver should (independently of the service's code) and answers scripted statuses.
 */
final class CmsReceiver implements AutoCloseable {

    record Request(String event, String delivery, String timestamp, String signature, String contentType,
                   String body, boolean signatureValid, int answered) {
    }

    private final HttpServer server;
    private final Deque<Integer> script = new ArrayDeque<>();
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private volatile String secret;
    private volatile String location;

    private CmsReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts on a random free port, or on the given one (0 = random). */
    static CmsReceiver start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        CmsReceiver r = new CmsReceiver(server);
        server.createContext("/hook", r::handle);
        server.start();
        return r;
    }

    /** Statuses to answer, in order; after the script runs out every valid request gets 200. */
    CmsReceiver answering(Integer... statuses) {
        synchronized (script) {
            script.addAll(List.of(statuses));
        }
        return this;
    }

    void secret(String secret) {
        this.secret = secret;
    }

    /** The Location header sent with 3xx answers. */
    CmsReceiver redirectingTo(String location) {
        this.location = location;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Request> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        String body = new String(bytes, StandardCharsets.UTF_8);
        String timestamp = ex.getRequestHeaders().getFirst("X-Review-Timestamp");
        String signature = ex.getRequestHeaders().getFirst("X-Review-Signature");
        boolean valid = secret != null && timestamp != null && signature != null
                && MessageDigest.isEqual(expectedSignature(secret, timestamp, bytes).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.US_ASCII));
        int status;
        if (!valid || !"POST".equals(ex.getRequestMethod())) {
            status = 401;
        } else {
            synchronized (script) {
                status = script.isEmpty() ? 200 : script.poll();
            }
        }
        received.add(new Request(ex.getRequestHeaders().getFirst("X-Review-Event"),
                ex.getRequestHeaders().getFirst("X-Review-Delivery"), timestamp, signature,
                ex.getRequestHeaders().getFirst("Content-Type"), body, valid, status));
        if (status >= 300 && status < 400 && location != null) {
            ex.getResponseHeaders().add("Location", location);
        }
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    /** The documented scheme, written out here on purpose rather than calling the service's code. */
    static String expectedSignature(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
