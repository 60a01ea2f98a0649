package cn.disclosure.review.patrol;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** The fetcher against a real server on 127.0.0.1: redirects, the host rule on redirects, caps, no cookies. */
class PageFetcherTest {
    static HttpServer server;
    static int port;
    static final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            seen.add(path + " host=" + ex.getRequestHeaders().getFirst("Host") + " cookie=" + ex.getRequestHeaders().getFirst("Cookie"));
            try {
                if (path.startsWith("/hop/")) {
                    int n = Integer.parseInt(path.substring(5));
                    ex.getResponseHeaders().set("Location", n == 0 ? "/page" : "/hop/" + (n - 1));
                    ex.getResponseHeaders().add("Set-Cookie", "session=s" + n + "; Path=/");
                    ex.sendResponseHeaders(302, -1);
                } else if (path.equals("/elsewhere")) {
                    // the same server under a name that is not allowed
                    ex.getResponseHeaders().set("Location", "http://localhost:" + port + "/page");
                    ex.sendResponseHeaders(301, -1);
                } else if (path.equals("/big")) {
                    byte[] chunk = new byte[64 * 1024];
                    ex.getResponseHeaders().set("Content-Type", "text/html");
                    ex.sendResponseHeaders(200, 0);
                    for (int i = 0; i < 64; i++) {
                        ex.getResponseBody().write(chunk);
                    }
                } else if (path.equals("/slow")) {
                    ex.getResponseHeaders().set("Content-Type", "text/html");
                    ex.sendResponseHeaders(200, 0);
                    ex.getResponseBody().write("<p>".getBytes(StandardCharsets.UTF_8));
                    ex.getResponseBody().flush();
                    Thread.sleep(5_000);
                } else if (path.equals("/page")) {
                    byte[] b = "<html><body><p>正文</p></body></html>".getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
                    ex.sendResponseHeaders(200, b.length);
                    ex.getResponseBody().write(b);
                } else {
                    ex.sendResponseHeaders(404, -1);
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up
            } finally {
                ex.close();
            }
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private PageFetcher fetcher() {
        return new PageFetcher(new HostRule(List.of("127.0.0.1:" + port)), Duration.ofSeconds(2), Duration.ofSeconds(2), 1024 * 1024, 5);
    }

    private URI at(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Test
    void followsUpToFiveRedirectsWithoutSendingCookies() {
        PageFetcher.Fetch f = fetcher().fetch(at("/hop/4"));
        assertThat(f.ok()).isTrue();
        assertThat(f.url().getPath()).isEqualTo("/page");
        assertThat(new String(f.body(), StandardCharsets.UTF_8)).contains("正文");
        assertThat(seen).filteredOn(s -> s.startsWith("/hop/") || s.startsWith("/page")).allMatch(s -> s.endsWith("cookie=null"));
    }

    @Test
    void refusesTheSixthRedirect() {
        PageFetcher.Fetch f = fetcher().fetch(at("/hop/5"));
        assertThat(f.failureKind()).isEqualTo("too-many-redirects");
    }

    @Test
    void aRedirectToAHostNotAllowedIsNotFollowed() {
        int before = (int) seen.stream().filter(s -> s.contains("host=localhost")).count();
        PageFetcher.Fetch f = fetcher().fetch(at("/elsewhere"));
        assertThat(f.failureKind()).isEqualTo("host-refused");
        assertThat(f.failure()).contains("跳转");
        assertThat(seen.stream().filter(s -> s.contains("host=localhost")).count()).isEqualTo(before);
    }

    @Test
    void aHostNotAllowedIsNeverRequested() {
        PageFetcher.Fetch f = new PageFetcher(new HostRule(List.of("127.0.0.1:1")), Duration.ofSeconds(1), Duration.ofSeconds(1), 1024, 5)
                .fetch(at("/page"));
        assertThat(f.failureKind()).isEqualTo("host-refused");
    }

    @Test
    void aBodyOverTheCapIsRefused() {
        PageFetcher.Fetch f = fetcher().fetch(at("/big"));
        assertThat(f.failureKind()).isEqualTo("too-large");
        assertThat(f.body()).isEmpty();
    }

    @Test
    void aBodyThatNeverEndsTimesOut() {
        PageFetcher.Fetch f = fetcher().fetch(at("/slow"));
        assertThat(f.failureKind()).isEqualTo("timeout");
    }

    @Test
    void notFoundIsAStatusNotAFailure() {
        PageFetcher.Fetch f = fetcher().fetch(at("/nothing"));
        assertThat(f.failed()).isFalse();
        assertThat(f.ok()).isFalse();
        assertThat(f.status()).isEqualTo(404);
    }
}
