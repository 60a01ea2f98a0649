package cn.disclosure.review.bench;

import cn.disclosure.review.extract.ScanPages;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The scanned-document benchmark of the review workflow (not a test; figures in docs/benchmarks.md):
 * {@code bash deploy/bench.sh scan [base-url] [pages]} against a running service (deploy/run.sh).
 * For a 1- and a 10-page scanned PDF (50 pages at 300 dpi exceed the 20 MB attachment limit) (红头 and table look, 300 dpi, 机密★5年 on the page before
 * the last) it measures, through the public API on loopback:
 * <ul>
 * <li>the answer time of {@code POST /api/v1/drafts} (the draft is stored, the inspection queued);</li>
 * <li>the time from the upload until {@code GET /api/v1/drafts/{id}} shows the verdict, and the page
 * the classification-mark finding points at;</li>
 * <li>the render time of the 审查页 {@code /ui/reviews/{id}} for the reviewer (20 loads after one
 * warm-up: median and maximum), which reads the stored parts and extracts nothing.</li>
 * </ul>
 */
public final class ScanReviewBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScanReviewBench() {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        String[] sizes = (args.length > 1 ? args[1] : "1,10").split(",");
        // pages never seen by this service: OCR results are remembered by pixel hash, a repeated page costs nothing
        long seed = args.length > 2 ? Long.parseLong(args[2]) : System.nanoTime();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpClient reviewer = signIn(base, "reviewer");
        System.out.printf("%6s %8s %10s %12s %-8s %-22s %12s %10s%n", "pages", "MB", "submit ms", "verdict s", "verdict",
                "marking found on", "page med ms", "page max ms");
        for (String s : sizes) {
            int n = Integer.parseInt(s.trim());
            ScanPages.Style look = new ScanPages.Style(null, true, true, 50, 0, 0);
            byte[] pdf = ScanPages.pdf(ScanPages.document(n, Math.max(1, n - 1), "机密★5年", look, seed + n));

            long t0 = System.nanoTime();
            HttpResponse<String> created = http.send(draftRequest(base, "扫描件（" + n + " 页，" + UUID.randomUUID().toString()
                    .substring(0, 6) + "）", pdf), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            double submitMs = (System.nanoTime() - t0) / 1e6;
            if (created.statusCode() != 201) {
                throw new IllegalStateException("POST /api/v1/drafts answered " + created.statusCode() + ": " + created.body());
            }
            long id = JSON.readTree(created.body()).get("id").asLong();

            JsonNode detail;
            while (true) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/drafts/" + id))
                        .header("Authorization", basic("editor")).GET().build(), HttpResponse.BodyHandlers.ofString());
                detail = JSON.readTree(r.body());
                if ("DONE".equals(detail.path("current").path("inspection").path("status").asText())) {
                    break;
                }
                Thread.sleep(200);
            }
            double verdictS = (System.nanoTime() - t0) / 1e9;
            JsonNode inspection = detail.path("current").path("inspection");
            List<String> marked = new ArrayList<>();
            for (JsonNode f : inspection.path("findings")) {
                if ("CLASSIFICATION_MARK".equals(f.path("category").asText()) && !marked.contains(f.path("part").asText())) {
                    marked.add(f.path("part").asText());
                }
            }

            String page = base + "/ui/reviews/" + id;
            get(reviewer, page);
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long p0 = System.nanoTime();
                get(reviewer, page);
                times.add((System.nanoTime() - p0) / 1e6);
            }
            Collections.sort(times);
            System.out.printf("%6d %8.1f %10.0f %12.1f %-8s %-22s %12.1f %10.1f%n", n, pdf.length / 1e6, submitMs, verdictS,
                    inspection.path("verdict").asText(), String.join(" ", marked), times.get(times.size() / 2),
                    times.get(times.size() - 1));
        }
    }

    private static void get(HttpClient client, String url) throws Exception {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode());
        }
    }

    private static HttpClient signIn(String base, String user) throws Exception {
        HttpClient c = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        c.send(HttpRequest.newBuilder(URI.create(base + "/login")).GET().build(), HttpResponse.BodyHandlers.discarding());
        String form = "j_username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&j_password="
                + URLEncoder.encode(user, StandardCharsets.UTF_8);
        HttpResponse<Void> r = c.send(HttpRequest.newBuilder(URI.create(base + "/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 302) {
            throw new IllegalStateException("sign-in answered " + r.statusCode());
        }
        return c;
    }

    private static HttpRequest draftRequest(String base, String title, byte[] pdf) throws Exception {
        String boundary = "bench" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String draft = JSON.writeValueAsString(java.util.Map.of("title", title, "channel", "WEBSITE",
                "body", "请审阅所附扫描件。", "submit", true));
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"draft\"\r\n"
                + "Content-Type: application/json; charset=UTF-8\r\n\r\n" + draft + "\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(pdf);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/drafts"))
                .header("Authorization", basic("editor"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }
}
