package cn.disclosure.review.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The office's "web site" for 巡检 tests: a real HTTP server on 127.0.0.1 (com.sun.net.httpserver)
 * whose pages tests put in place. Its port is chosen once per JVM (kept in a system property, since
 * Quarkus loads config sources again for each application start) and given to the service as
 * {@code review.patrol.allowed-hosts=127.0.0.1:<port>} by the config source nested here, so the
 * service fetches from it and from nothing else.
 */
public final class PatrolSite {
    private static final String PORT = "review.test.patrol-site-port";
    private static HttpServer server;
    private static final Map<String, Consumer<HttpExchange>> PAGES = new ConcurrentHashMap<>();
    private static final List<String> REQUESTS = new CopyOnWriteArrayList<>();

    private PatrolSite() {
    }

    /** The port of this JVM's site (chosen on first use, free at that moment). */
    public static synchronized int port() {
        String p = System.getProperty(PORT);
        if (p == null) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                p = Integer.toString(s.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(PORT, p);
        }
        return Integer.parseInt(p);
    }

    public static String base() {
        return "http://127.0.0.1:" + port();
    }

    /** Starts the site (once). */
    public static synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port()), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "patrol-site");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getRawPath();
            REQUESTS.add(ex.getRequestMethod() + " " + path + " host=" + ex.getRequestHeaders().getFirst("Host")
                    + " cookie=" + ex.getRequestHeaders().getFirst("Cookie")
                    + " authorization=" + ex.getRequestHeaders().getFirst("Authorization"));
            Consumer<HttpExchange> page = PAGES.get(path);
            try {
                if (page == null) {
                    send(ex, 404, "text/html; charset=UTF-8", "<html><body><h1>404 页面不存在</h1></body></html>");
                } else {
                    page.accept(ex);
                }
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    /** Serves {@code html} (UTF-8) at {@code path}. */
    public static void html(String path, String html) {
        PAGES.put(path, ex -> send(ex, 200, "text/html; charset=UTF-8", html));
    }

    public static void serve(String path, Consumer<HttpExchange> handler) {
        PAGES.put(path, handler);
    }

    public static void remove(String path) {
        PAGES.remove(path);
    }

    /** Request lines seen so far ("GET /path host=… cookie=… authorization=…"). */
    public static List<String> requests() {
        return List.copyOf(REQUESTS);
    }

    public static void send(HttpExchange ex, int status, String contentType, String body) {
        send(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static void send(HttpExchange ex, int status, String contentType, byte[] body) {
        try {
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                ex.getResponseBody().write(body);
            }
        } catch (IOException e) {
            // the client went away (a size cap or a timeout on the other side)
        }
    }

    /** Gives the service the site as its only allowed patrol host. */
    public static class Config implements ConfigSource {
        @Override
        public Set<String> getPropertyNames() {
            return Set.of("review.patrol.allowed-hosts");
        }

        @Override
        public Map<String, String> getProperties() {
            return Map.of("review.patrol.allowed-hosts", "127.0.0.1:" + port());
        }

        @Override
        public String getValue(String name) {
            return "review.patrol.allowed-hosts".equals(name) ? "127.0.0.1:" + port() : null;
        }

        @Override
        public String getName() {
            return "patrol-test-site";
        }

        @Override
        public int getOrdinal() {
            return 275;
        }
    }
}
