package cn.disclosure.review.ui;

import io.restassured.RestAssured;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.config.EncoderConfig;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.MultiPartConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.response.Response;
import io.restassured.specification.MultiPartSpecification;
import io.restassured.specification.RequestSpecification;
import org.apache.http.entity.mime.HttpMultipartMode;
import org.jsoup.Jsoup;

import java.nio.charset.StandardCharsets;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import static org.assertj.core.api.Assertions.assertThat;

/** A browser-like HTTP client of the web UI: form sign-in, session and CSRF cookies, parsed pages. */
final class UiClient {
    /** Forms in UTF-8, as a browser sends them for a UTF-8 page (rest-assured's default is ISO-8859-1). */
    static final RestAssuredConfig UTF8 = RestAssured.config()
            .encoderConfig(EncoderConfig.encoderConfig().defaultContentCharset("UTF-8"))
            .multiPartConfig(MultiPartConfig.multiPartConfig().defaultCharset("UTF-8"));
    /** Multipart forms as a browser sends them: UTF-8 fields and raw UTF-8 file names. */
    static final RestAssuredConfig MULTIPART = RestAssured.config()
            .encoderConfig(EncoderConfig.encoderConfig().defaultCharsetForContentType("UTF-8", "multipart/form-data"))
            .httpClient(HttpClientConfig.httpClientConfig().httpMultipartMode(HttpMultipartMode.BROWSER_COMPATIBLE));

    final String user;
    final CookieFilter cookies = new CookieFilter();

    private UiClient(String user) {
        this.user = user;
    }

    static UiClient signIn(String user) {
        UiClient c = new UiClient(user);
        c.request().get("/login").then().statusCode(200);
        c.request().formParam("j_username", user).formParam("j_password", user)
                .post("/j_security_check").then().statusCode(302);
        return c;
    }

    /** A request with this client's cookies that does not follow redirects. */
    RequestSpecification request() {
        return RestAssured.given().config(UTF8).filter(cookies).redirects().follow(false);
    }

    Response get(String path) {
        return request().get(path);
    }

    /** A multipart form with the given text fields (name, value, name, value…); add files with {@link #file}. */
    RequestSpecification multipart(String... fields) {
        RequestSpecification r = RestAssured.given().config(MULTIPART).filter(cookies).redirects().follow(false)
                .contentType("multipart/form-data; charset=UTF-8");
        return withFields(r, fields);
    }

    static RequestSpecification withFields(RequestSpecification r, String... fields) {
        for (int i = 0; i + 1 < fields.length; i += 2) {
            r = r.multiPart(new MultiPartSpecBuilder(fields[i + 1]).controlName(fields[i]).mimeType("text/plain")
                    .charset(StandardCharsets.UTF_8).build());
        }
        return r;
    }

    static MultiPartSpecification file(String name, String filename, byte[] bytes, String type) {
        return new MultiPartSpecBuilder(bytes).controlName(name).fileName(filename).mimeType(type).build();
    }

    /** GETs a link as it stands in a page (already URL-encoded). */
    Response getLink(String href) {
        return request().urlEncodingEnabled(false).get(href);
    }

    /** GETs a page that must answer 200 and parses it. */
    Document page(String path) {
        Response r = get(path);
        assertThat(r.statusCode()).as("GET " + path + " as " + user).isEqualTo(200);
        return Jsoup.parse(r.asString());
    }

    static Document parse(Response r) {
        return Jsoup.parse(r.asString());
    }

    /** The CSRF token of the page's first form. */
    static String csrf(Document page) {
        return value(page, "_csrf");
    }

    static String value(Document page, String name) {
        Element e = page.selectFirst("input[name=" + name + "]");
        assertThat(e).as("field " + name).isNotNull();
        return e.attr("value");
    }
}
