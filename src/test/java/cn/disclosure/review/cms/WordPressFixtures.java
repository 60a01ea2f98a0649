package cn.disclosure.review.cms;

import cn.disclosure.review.intake.DraftFixtures;
import cn.disclosure.review.support.WordPressSite;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.config.EncoderConfig;
import io.restassured.config.HttpClientConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.http.entity.mime.HttpMultipartMode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steps shared by the WordPress end-to-end tests: approved drafts in the service (through its API,
 * editor → reviewers), posts in WordPress (through its REST API), and what readers get.
 */
final class WordPressFixtures {
    private WordPressFixtures() {
    }

    /** The shared test site, its plugin pointed at the service under test. */
    static WordPressSite site() {
        return WordPressSite.shared("http://127.0.0.1:" + RestAssured.port);
    }

    record Approved(long id, String title, String body, String contentHash) {
    }

    record Attachment(String filename, byte[] bytes) {
    }

    /** A draft submitted by the editor and approved by every step of its chain (with a justification over WARN findings). */
    static Approved approved(String title, String body, Attachment... files) {
        return approve(submitted(title, body, files), title, body);
    }

    /** Approves a submitted draft through every step of its chain. */
    static Approved approve(JsonPath created, String title, String body) {
        long id = created.getLong("id");
        String hash = created.getString("contentHash");
        String verdict = created.getString("inspection.verdict");
        String justification = "PASS".equals(verdict) ? null : "经核实可以公开（测试）";
        for (String reviewer : List.of("reviewer", "office", "leader")) {
            String state = as("office").get("/api/v1/drafts/" + id).then().statusCode(200).extract().path("state");
            if ("APPROVED".equals(state)) {
                break;
            }
            DraftFixtures.decide(as(reviewer), id, "APPROVE", hash, "同意发布", justification).statusCode(201);
        }
        assertThat(as("office").get("/api/v1/drafts/" + id).then().extract().<String>path("state")).isEqualTo("APPROVED");
        return new Approved(id, title, body, hash);
    }

    /** A draft submitted for review (in review, not approved). */
    static JsonPath submitted(String title, String body, Attachment... files) {
        Map<String, Object> d = DraftFixtures.draft(title, body);
        if (files.length == 0) {
            return DraftFixtures.submit(as("editor"), d).statusCode(201).extract().jsonPath();
        }
        RequestSpecification r = as("editor")
                .config(RestAssured.config()
                        .encoderConfig(EncoderConfig.encoderConfig().defaultCharsetForContentType("UTF-8", "multipart/form-data"))
                        .httpClient(HttpClientConfig.httpClientConfig().httpMultipartMode(HttpMultipartMode.BROWSER_COMPATIBLE)))
                .contentType("multipart/form-data; charset=UTF-8")
                .multiPart(new MultiPartSpecBuilder(json(d)).controlName("draft").mimeType("application/json")
                        .charset(StandardCharsets.UTF_8).build());
        for (Attachment f : files) {
            r = r.multiPart(new MultiPartSpecBuilder(f.bytes()).controlName("file").fileName(f.filename())
                    .mimeType("application/octet-stream").build());
        }
        return r.post("/api/v1/drafts").then().statusCode(201).extract().jsonPath();
    }

    private static String json(Map<String, Object> m) {
        try {
            return new ObjectMapper().writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The register row of a publication (as the 保密办 sees it). */
    static JsonPath registerRow(long publicationId) {
        List<Map<String, Object>> rows = as("office").get("/api/v1/register").then().statusCode(200).extract().jsonPath().getList("$");
        for (Map<String, Object> row : rows) {
            if (((Number) row.get("publicationId")).longValue() == publicationId) {
                return new JsonPath(json(row));
            }
        }
        throw new AssertionError("no register row for publication " + publicationId);
    }

    /** Register rows of a draft. */
    static List<Map<String, Object>> registerRowsOf(long draftId) {
        List<Map<String, Object>> rows = as("office").get("/api/v1/register").then().statusCode(200).extract().jsonPath().getList("$");
        return rows.stream().filter(r -> ((Number) r.get("draftId")).longValue() == draftId).toList();
    }

    // ------------------------------------------------------------------ WordPress

    /** A paragraph block as the block editor saves it. */
    static String paragraph(String innerHtml) {
        return "<!-- wp:paragraph -->\n<p>" + innerHtml + "</p>\n<!-- /wp:paragraph -->";
    }

    static Map<String, Object> post(String title, String content, String status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("content", content);
        m.put("status", status);
        return m;
    }

    /** Creates a post as the site's editor; returns the REST answer. */
    static Response create(String type, Map<String, Object> fields) {
        return site().rest().contentType(ContentType.JSON).body(fields).post("/wp/v2/" + type);
    }

    /** Creates a draft post (nothing goes online); returns its ID. */
    static long draftPost(String type, String title, String content) {
        return create(type, post(title, content, "draft")).then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** Updates a post as the site's editor; returns the REST answer. */
    static Response update(String type, long id, Map<String, Object> fields) {
        return site().rest().contentType(ContentType.JSON).body(fields).post("/wp/v2/" + type + "/" + id);
    }

    /** The post as the editor sees it (raw fields, status, meta). */
    static JsonPath edited(String type, long id) {
        return site().rest().get("/wp/v2/" + type + "/" + id + "?context=edit").then().statusCode(200).extract().jsonPath();
    }

    /** Codes of the reasons of a refused REST save. */
    static List<String> reasonCodes(Response refused) {
        refused.then().statusCode(403);
        assertThat(refused.jsonPath().getString("code")).isEqualTo("secrecy_review_refused");
        return refused.jsonPath().getList("data.reasons.code", String.class);
    }

    /** The publication the plugin keeps for a post (0 when none). */
    static long publicationOf(long postId) {
        String v = site().eval("return (int) get_post_meta(" + postId + ", '_secrecy_review_gate_publication', true);");
        return Long.parseLong(v);
    }

    /** The public page of a post as an anonymous reader gets it (200 expected). */
    static Document publicPage(long postId) {
        WordPressSite.Page page = site().fetch("/archives/" + postId);
        assertThat(page.status()).as("public page of post %d", postId).isEqualTo(200);
        return Jsoup.parse(page.body());
    }

    static int publicStatus(long postId) {
        return site().fetch("/archives/" + postId).status();
    }

    /** The content area of a public page, as HTML. */
    static String contentHtml(Document page) {
        return page.selectFirst(".wp-block-post-content").html();
    }
}
