package cn.disclosure.review.check;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URI;
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
 * Every case of the shared labelled corpus ({@code ../shared/corpus}, beside the repository as in
 * CI) through the public API, judged by the same rules as {@code ../shared/tools/score_corpus.py}.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SharedCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("..", "shared", "corpus");

    @TestHTTPResource("/api/v1/check")
    URL check;

    private void uploadTheCorpusLexicon() throws IOException {
        assertThat(CORPUS.resolve("cases.jsonl")).as("the shared corpus beside the repository").exists();
        as("admin").contentType("text/tab-separated-values; charset=UTF-8")
                .body(Files.readString(CORPUS.resolve("lexicon.tsv"), StandardCharsets.UTF_8))
                .put("/api/v1/lexicons/eval-terms").then().statusCode(200);
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusCase() throws IOException {
        uploadTheCorpusLexicon();
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve("cases.jsonl"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode c = JSON.readTree(line);
            tests.add(DynamicTest.dynamicTest(c.get("id").asText(), () -> judge(c)));
        }
        assertThat(tests).isNotEmpty();
        return tests.stream();
    }

    private void judge(JsonNode c) throws Exception {
        int status;
        String body;
        if (c.has("text")) {
            var r = as("cms").contentType("application/json; charset=UTF-8")
                    .body(Map.of("text", c.get("text").asText(), "channel", c.get("channel").asText()))
                    .post("/api/v1/check");
            status = r.statusCode();
            body = r.asString();
        } else {
            Path file = CORPUS.resolve(c.get("file").asText());
            HttpResponse<String> r = new Multipart().field("channel", c.get("channel").asText())
                    .file(file.getFileName().toString(), Files.readAllBytes(file)).post(URI.create(check.toString()), "cms");
            status = r.statusCode();
            body = r.body();
        }
        JsonNode res = status == 200 ? JSON.readTree(body) : null;
        String verdict = res != null && res.has("verdict") ? res.get("verdict").asText()
                : status >= 400 && status < 500 ? "REFUSED" : "ERROR";
        JsonNode expect = c.get("expect");
        String want = expect.get("verdict").asText();
        boolean ok = switch (want) {
            case "BLOCK" -> verdict.equals("BLOCK");
            case "PASS" -> verdict.equals("PASS");
            case "NOT_PASS" -> Set.of("BLOCK", "WARN", "REFUSED").contains(verdict);
            case "NOT_BLOCK" -> Set.of("PASS", "WARN").contains(verdict);
            default -> throw new IllegalArgumentException("unknown expectation " + want);
        };
        String note = c.has("note") ? c.get("note").asText() : "";
        assertThat(ok).as("%s: verdict %s (HTTP %d), want %s %s", c.get("id").asText(), verdict, status, want, note).isTrue();
        Set<String> categories = new HashSet<>();
        List<JsonNode> findings = new ArrayList<>();
        if (res != null && res.has("findings")) {
            res.get("findings").forEach(f -> {
                findings.add(f);
                categories.add(f.get("category").asText());
            });
        }
        if (!verdict.equals("REFUSED")) {
            for (JsonNode cat : expect.path("categories")) {
                assertThat(categories).as("%s: categories", c.get("id").asText()).contains(cat.asText());
            }
        }
        for (JsonNode absent : expect.path("absent")) {
            for (JsonNode f : findings) {
                boolean unwanted = f.get("category").asText().equals(absent.get("category").asText())
                        && f.path("matched").asText("").contains(absent.get("matched").asText());
                assertThat(unwanted).as("%s: unwanted %s on %s", c.get("id").asText(),
                        absent.get("category").asText(), absent.get("matched").asText()).isFalse();
            }
        }
    }
}
