package cn.disclosure.review.inspect;

import cn.disclosure.review.extract.ContentExtractor;
import cn.disclosure.review.support.EmbeddedPostgresResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared corpus ({@code ../shared/corpus}, next to the repository, as in CI) run inside the
 * test suite with the judging rules of {@code ../shared/tools/score_corpus.py}: its lexicon is
 * uploaded as {@code eval-terms}, then every case is posted to {@code POST /api/v1/check}.
 * File cases need the Tika extractor; they are skipped only while the test-only plain-text
 * extractor is the ContentExtractor in use.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class CorpusTest {
    private static final Path CORPUS = Path.of("../shared/corpus");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/v1/check")
    URL check;

    @TestFactory
    Stream<DynamicTest> everyCaseOfTheSharedCorpus() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(CORPUS.resolve("cases.jsonl")), "../shared/corpus not present");
        as("admin").contentType("text/tab-separated-values")
                .body(Files.readString(CORPUS.resolve("lexicon.tsv"), StandardCharsets.UTF_8))
                .put("/api/v1/lexicons/eval-terms").then().statusCode(200);
        List<JsonNode> cases = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve("cases.jsonl"), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                cases.add(JSON.readTree(line));
            }
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.get("id").asText(), () -> run(c)));
    }

    private void run(JsonNode c) throws Exception {
        int status;
        String body;
        if (c.has("text")) {
            Response r = as("cms").contentType(ContentType.JSON)
                    .body(Map.of("text", c.get("text").asText(), "channel", c.get("channel").asText()))
                    .post("/api/v1/check");
            status = r.statusCode();
            body = r.asString();
        } else {
            Assumptions.assumeFalse(testOnlyExtractor(), "file cases need the Tika extractor");
            Path file = CORPUS.resolve(c.get("file").asText());
            HttpResponse<String> r = new Multipart().field("channel", c.get("channel").asText())
                    .file(file.getFileName().toString(), Files.readAllBytes(file)).post(check.toURI(), "cms");
            status = r.statusCode();
            body = r.body();
        }
        assertThat(judge(c.get("expect"), status, body)).as(c.get("id").asText() + ": " + body).isEmpty();
    }

    /** The rules of score_corpus.py's judge(): verdict, required categories, absent findings. */
    static List<String> judge(JsonNode expect, int status, String body) {
        List<String> problems = new ArrayList<>();
        JsonNode res;
        try {
            res = JSON.readTree(body);
        } catch (IOException e) {
            res = null;
        }
        String verdict = res != null && res.isObject() && res.hasNonNull("verdict") ? res.get("verdict").asText() : null;
        if (verdict == null) {
            verdict = status >= 400 && status < 500 ? "REFUSED" : "ERROR";
        }
        String want = expect.get("verdict").asText();
        boolean ok = switch (want) {
            case "BLOCK" -> verdict.equals("BLOCK");
            case "PASS" -> verdict.equals("PASS");
            case "NOT_PASS" -> Set.of("BLOCK", "WARN", "REFUSED").contains(verdict);
            case "NOT_BLOCK" -> Set.of("PASS", "WARN").contains(verdict);
            default -> throw new IllegalArgumentException(want);
        };
        if (!ok) {
            problems.add("verdict " + verdict + " (HTTP " + status + "), want " + want);
        }
        JsonNode findings = res != null && res.isObject() && res.has("findings") ? res.get("findings") : JSON.createArrayNode();
        Set<String> categories = new HashSet<>();
        findings.forEach(f -> categories.add(f.path("category").asText()));
        for (JsonNode cat : expect.path("categories")) {
            if (!categories.contains(cat.asText()) && !verdict.equals("REFUSED")) {
                problems.add("missing category " + cat.asText());
            }
        }
        for (JsonNode absent : expect.path("absent")) {
            for (JsonNode f : findings) {
                if (f.path("category").asText().equals(absent.get("category").asText())
                        && f.path("matched").asText().contains(absent.get("matched").asText())) {
                    problems.add("unwanted " + absent.get("category").asText() + " on " + absent.get("matched").asText());
                }
            }
        }
        return problems;
    }

    private static boolean testOnlyExtractor() {
        return Arc.container().instance(ContentExtractor.class).getBean().getBeanClass().getSimpleName()
                .equals("PlainTextContentExtractor");
    }
}
