package cn.disclosure.review.support;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real WordPress for the plugin's end-to-end tests: Debian's {@code wordpress} package served by
 * {@code php -S} on 127.0.0.1, a private MariaDB, the plugin copied from {@code deploy/cms} and
 * activated against the service under test. Set up by {@code deploy/cms/wordpress/test/site/wp-site.sh};
 * fails (never skips) when WordPress cannot be set up.
 */
public final class WordPressSite implements AutoCloseable {
    private static final Path SITE_DIR = Path.of("deploy", "cms", "wordpress", "test", "site").toAbsolutePath();
    private static final Path STATES = Path.of("target", "wordpress-e2e").toAbsolutePath();
    private static final RestAssuredConfig UTF8 = RestAssured.config()
            .encoderConfig(EncoderConfig.encoderConfig().defaultContentCharset("UTF-8"));

    private final Path state;
    private final int port;
    private final Map<String, String> env;
    private final Thread shutdownHook;

    private WordPressSite(Path state, int port, Map<String, String> env) {
        this.state = state;
        this.port = port;
        this.env = env;
        this.shutdownHook = new Thread(this::stop, "wordpress-site-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private static WordPressSite shared;
    private static String sharedServiceUrl;

    /**
     * One site for all end-to-end test classes of this JVM (stopped when the JVM exits), its plugin
     * pointed at {@code serviceUrl} (the service under test may have been restarted on another port).
     */
    public static synchronized WordPressSite shared(String serviceUrl) {
        if (shared == null) {
            shared = start(serviceUrl);
            sharedServiceUrl = serviceUrl;
        } else if (!serviceUrl.equals(sharedServiceUrl)) {
            shared.setServiceUrl(serviceUrl);
            sharedServiceUrl = serviceUrl;
        }
        return shared;
    }

    /** Points the plugin at another service address (the other settings stay). */
    public void setServiceUrl(String serviceUrl) {
        eval("$s = get_option('secrecy_review_gate_settings'); $s['service_url'] = " + phpString(serviceUrl)
                + "; update_option('secrecy_review_gate_settings', $s); delete_transient('srg_reminders_website');"
                + " delete_transient('srg_reminders_website_fail'); return true;");
    }

    /** A PHP single-quoted string literal. */
    public static String phpString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Starts a fresh site whose plugin asks the service at {@code serviceUrl}. */
    public static WordPressSite start(String serviceUrl) {
        stopLeftovers();
        Path state = STATES.resolve("site-" + System.currentTimeMillis());
        int port = freePort();
        Ran r = run(List.of("bash", SITE_DIR.resolve("wp-site.sh").toString(), "start", state.toString(),
                Integer.toString(port), serviceUrl), Map.of(), 300);
        if (r.exit() != 0) {
            throw new IllegalStateException("WordPress test site could not be set up (exit " + r.exit() + "):\n" + r.output()
                    + "\n" + tail(state.resolve("php-debug.log")) + tail(state.resolve("mariadb.log")));
        }
        return new WordPressSite(state, port, readEnv(state.resolve("site.env")));
    }

    /** Sites of an earlier run that did not stop (a killed test JVM): their processes are ended. */
    private static void stopLeftovers() {
        if (!Files.isDirectory(STATES)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(STATES)) {
            List<Path> sites = dirs.filter(Files::isDirectory).sorted().toList();
            for (Path dir : sites) {
                if (Files.exists(dir.resolve("php.pid")) || Files.exists(dir.resolve("mariadbd.pid"))) {
                    run(List.of("bash", SITE_DIR.resolve("wp-site.sh").toString(), "stop", dir.toString()), Map.of(), 60);
                }
            }
            // the last few sites stay for their logs
            for (Path dir : sites.subList(0, Math.max(0, sites.size() - 3))) {
                deleteTree(dir);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p); // symbolic links (themes) are removed, not followed
            }
        }
    }

    public String url() {
        return env.get("URL");
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return url() + path;
    }

    public String adminUser() {
        return env.get("ADMIN_USER");
    }

    public String adminPassword() {
        return env.get("ADMIN_PASSWORD");
    }

    public String editorUser() {
        return env.get("EDITOR_USER");
    }

    public String editorPassword() {
        return env.get("EDITOR_PASSWORD");
    }

    public Path contentDir() {
        return Path.of(env.get("CONTENT_DIR"));
    }

    /** The WordPress REST API as the site's editor (an application password). */
    public RequestSpecification rest() {
        return RestAssured.given().config(UTF8).baseUri("http://127.0.0.1").port(port).basePath("/wp-json")
                .auth().preemptive().basic(editorUser(), env.get("EDITOR_APP_PASSWORD"));
    }

    /** The WordPress REST API as the administrator. */
    public RequestSpecification restAsAdmin() {
        return RestAssured.given().config(UTF8).baseUri("http://127.0.0.1").port(port).basePath("/wp-json")
                .auth().preemptive().basic(adminUser(), env.get("ADMIN_APP_PASSWORD"));
    }

    /** What an anonymous reader gets at a URL of this site: status and body. */
    public Page fetch(String url) {
        try {
            HttpResponse<String> r = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                    .send(HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : url(url)))
                            .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Page(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Page(int status, String body) {
    }

    /** Runs WordPress's scheduled tasks now (wp-cron.php; the site does not spawn cron itself). */
    public void runCron() {
        Page p = fetch("/wp-cron.php");
        if (p.status() != 200) {
            throw new IllegalStateException("wp-cron.php answered " + p.status());
        }
    }

    /** Runs PHP code in the site (WordPress loaded, as the administrator); returns the JSON of its return value. */
    public String eval(String php) {
        Ran r = run(List.of("php", SITE_DIR.resolve("eval.php").toString(), Integer.toString(port), php), processEnv(), 120);
        if (r.exit() != 0) {
            throw new IllegalStateException("eval failed (exit " + r.exit() + "): " + r.output());
        }
        int at = r.output().lastIndexOf("SRG-E2E-RESULT:");
        if (at < 0) {
            throw new IllegalStateException("eval printed no result: " + r.output());
        }
        return r.output().substring(at + "SRG-E2E-RESULT:".length()).strip();
    }

    /** Lines of the site's PHP log (warnings, notices, errors) that come from the plugin. */
    public List<String> pluginLogLines() {
        try {
            return Files.readAllLines(Path.of(env.get("DEBUG_LOG"))).stream()
                    .filter(l -> l.contains("secrecy-review-gate"))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A signed-in wp-admin session (cookies), like a browser's. */
    public AdminSession signIn(String user, String password) {
        AdminSession s = new AdminSession();
        s.get("/wp-login.php");
        HttpResponse<String> r = s.postForm("/wp-login.php", Map.of("log", user, "pwd", password, "wp-submit", "登录",
                "redirect_to", url("/wp-admin/"), "testcookie", "1"));
        if (r.statusCode() != 302) {
            throw new IllegalStateException("WordPress sign-in failed: HTTP " + r.statusCode());
        }
        return s;
    }

    public final class AdminSession {
        private final HttpClient client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();

        public HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create(url(path))).GET());
        }

        public HttpResponse<String> postForm(String path, Map<String, String> fields) {
            String body = fields.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(URI.create(url(path)))
                    .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        private HttpResponse<String> send(HttpRequest.Builder b) {
            try {
                return client.send(b.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

    private void stop() {
        run(List.of("bash", SITE_DIR.resolve("wp-site.sh").toString(), "stop", state.toString()), Map.of(), 60);
    }

    private Map<String, String> processEnv() {
        return readEnv(state.resolve("env"));
    }

    // ---------------------------------------------------------------- processes and files

    private record Ran(int exit, String output) {
    }

    private static Ran run(List<String> command, Map<String, String> extraEnv, int timeoutSeconds) {
        Path log = null;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().putAll(extraEnv);
            log = Files.createTempFile("wp-site", ".log");
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                return new Ran(-1, "timed out after " + timeoutSeconds + " s: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Ran(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return file.getFileName() + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
        } catch (IOException e) {
            return "";
        }
    }

    private static Map<String, String> readEnv(Path file) {
        try {
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    m.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return m;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For messages: the files a failed test may want to look at. */
    public List<Path> logs() {
        List<Path> out = new ArrayList<>();
        for (String f : List.of("php-debug.log", "php-server.log", "mariadb.log")) {
            out.add(state.resolve(f));
        }
        return out;
    }
}
