package cn.disclosure.review.mailgate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Calls {@code POST /api/v1/check} of the review service (multipart, channel EMAIL) with the
 * gate's service account: the content of a message and its envelope (sender, recipients' domains,
 * reference, problems) for the audit line.
 */
final class ReviewClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One finding as the gate uses it: no matched text, no snippet. */
    record Finding(String category, String severity, String part, String rule) {
    }

    record Review(MailGateConfig.Verdict verdict, List<Finding> findings, List<String> reminders) {
    }

    /** What to check in one call. */
    record Request(String title, String text, List<MailContent.File> files, String sender, List<String> recipientDomains,
                   String reference, List<String> problems) {
    }

    /** The service could not be asked or did not answer in time: the message must wait (4xx). */
    static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason);
        }
    }

    /** The service refused the request itself (HTTP status and problem code): {@code 413} means too large to review. */
    static final class Refused extends Exception {
        final int status;
        final String code;

        Refused(int status, String code) {
            super("HTTP " + status + (code == null ? "" : " " + code));
            this.status = status;
            this.code = code;
        }
    }

    private final HttpClient http;
    private final URI checkUri;
    private final URI eventsUri;
    private final String authorization;
    private final Duration timeout;

    ReviewClient(MailGateConfig config) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.checkUri = URI.create(config.serviceUrl() + "/api/v1/check");
        this.eventsUri = URI.create(config.serviceUrl() + "/api/v1/mail-gate/events");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (config.user() + ":" + config.password()).getBytes(StandardCharsets.UTF_8));
        this.timeout = config.checkTimeout();
    }

    Review check(Request r) throws Unavailable, Refused {
        String boundary = "----mailgate" + HexFormat.of().formatHex(randomBytes(12));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        field(body, boundary, "channel", "EMAIL");
        if (r.title() != null && !r.title().isBlank()) {
            field(body, boundary, "title", r.title());
        }
        if (r.text() != null && !r.text().isBlank()) {
            field(body, boundary, "text", r.text());
        }
        field(body, boundary, "mailFrom", r.sender());
        for (String d : r.recipientDomains()) {
            field(body, boundary, "mailRecipientDomain", d);
        }
        field(body, boundary, "mailRef", r.reference());
        for (String p : r.problems()) {
            field(body, boundary, "mailProblem", p);
        }
        for (MailContent.File f : r.files()) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + f.name()
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            body.writeBytes(f.bytes());
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        HttpRequest request = HttpRequest.newBuilder(checkUri)
                .timeout(timeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        HttpResponse<byte[]> response = send(request);
        int status = response.statusCode();
        if (status == 200) {
            return parse(response.body());
        }
        if (status == 408 || status == 429 || status >= 500 || status == 401 || status == 403) {
            // overloaded, down, or the gate's account is wrong: the message waits until that is fixed
            throw new Unavailable("HTTP " + status);
        }
        throw new Refused(status, problemCode(response.body()));
    }

    /** Sends {@code request}; a timeout, a connection failure or an interrupt means the service is unavailable. */
    private HttpResponse<byte[]> send(HttpRequest request) throws Unavailable {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new Unavailable("timeout");
        } catch (IOException e) {
            throw new Unavailable(e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        }
    }

    /**
     * Records one of the gate's own refusals or deferrals ({@code POST /api/v1/mail-gate/events});
     * {@link Unavailable} when it must wait in the spool, {@link Refused} when the service will
     * never take it (a malformed event: retrying would not help).
     */
    void report(GateEvents.Event event) throws Unavailable, Refused {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(eventsUri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> response = send(request);
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        if (status == 408 || status == 429 || status >= 500 || status == 401 || status == 403 || status == 404) {
            // down, overloaded, the account is wrong, or a service without the endpoint yet: keep it
            throw new Unavailable("HTTP " + status);
        }
        throw new Refused(status, problemCode(response.body()));
    }

    private static Review parse(byte[] body) throws Unavailable {
        try {
            JsonNode root = JSON.readTree(body);
            MailGateConfig.Verdict verdict = MailGateConfig.Verdict.valueOf(root.path("verdict").asText().toUpperCase(Locale.ROOT));
            List<Finding> findings = new ArrayList<>();
            for (JsonNode f : root.path("findings")) {
                findings.add(new Finding(f.path("category").asText(), f.path("severity").asText(), f.path("part").asText(),
                        f.path("rule").asText()));
            }
            List<String> reminders = new ArrayList<>();
            for (JsonNode r : root.path("reminders")) {
                reminders.add(r.asText());
            }
            return new Review(verdict, List.copyOf(findings), List.copyOf(reminders));
        } catch (IOException | IllegalArgumentException e) {
            // an answer the gate cannot read decides nothing (fail closed)
            throw new Unavailable("unreadable answer");
        }
    }

    private static String problemCode(byte[] body) {
        try {
            JsonNode code = JSON.readTree(body).path("code");
            return code.isTextual() ? code.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void field(ByteArrayOutputStream body, String boundary, String name, String value) {
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + value + "\r\n");
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
