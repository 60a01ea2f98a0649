package cn.disclosure.review.content;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UrlFormTest {

    @Test
    void spellingsOfOneAddressHaveOneForm() {
        String n = UrlForm.normalize("https://www.example.gov.cn/files/通知.pdf");
        assertThat(UrlForm.normalize("HTTPS://WWW.Example.GOV.CN:443/files/%E9%80%9A%E7%9F%A5.pdf")).isEqualTo(n);
        assertThat(UrlForm.normalize("  https://www.example.gov.cn/files/通\t知.pdf\n")).isEqualTo(n);
        assertThat(UrlForm.normalize("http://a.example")).isEqualTo("http://a.example/");
        assertThat(UrlForm.normalize("/a%7eb%2fc")).isEqualTo("/a~b%2Fc");
        assertThat(UrlForm.normalize("/a b")).isEqualTo("/a%20b");
    }

    @Test
    void differentAddressesStayDifferent() {
        assertThat(UrlForm.normalize("https://a.example/x")).isNotEqualTo(UrlForm.normalize("https://a.example/x/"));
        assertThat(UrlForm.normalize("https://a.example/x#1")).isNotEqualTo(UrlForm.normalize("https://a.example/x"));
        assertThat(UrlForm.normalize("https://a.example:8443/x")).isNotEqualTo(UrlForm.normalize("https://a.example/x"));
        assertThat(UrlForm.normalize("/x?a=1&b=2")).isNotEqualTo(UrlForm.normalize("/x?b=2&a=1"));
    }

    @Test
    void schemesAreReadAsABrowserReadsThem() {
        assertThat(UrlForm.scheme(" \u0001java\tscript:alert(1)")).contains("javascript");
        assertThat(UrlForm.scheme("JavaScript:x")).contains("javascript");
        assertThat(UrlForm.scheme("/relative:colon")).isEmpty();
        assertThat(UrlForm.scheme("a.png")).isEmpty();
    }

    @Test
    void dataUrlsAreDecoded() {
        assertThat(UrlForm.decodeData("data:text/html;base64,PHA+eDwvcD4=")).hasValueSatisfying(d -> {
            assertThat(d.mediaType()).isEqualTo("text/html");
            assertThat(new String(d.bytes())).isEqualTo("<p>x</p>");
        });
        assertThat(UrlForm.decodeData("data:,%E6%9C%BA%E5%AF%86")).hasValueSatisfying(d ->
                assertThat(new String(d.bytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("机密"));
        assertThat(UrlForm.decodeData("https://x")).isEmpty();
    }

    @Test
    void fileNamesAndOriginsAreTakenFromTheUrl() {
        assertThat(UrlForm.lastPathSegment("https://a.example/u/%E6%B5%B7%E6%8A%A5.png?ver=2#x")).isEqualTo("海报.png");
        assertThat(UrlForm.origin("HTTPS://A.example:443/x")).contains("https://a.example");
        assertThat(UrlForm.origin("/x")).isEmpty();
    }
}
