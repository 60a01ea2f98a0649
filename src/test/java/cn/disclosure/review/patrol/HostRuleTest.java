package cn.disclosure.review.patrol;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The patrol's host rule on URLs only: nothing is resolved or fetched here. */
class HostRuleTest {
    private final HostRule rule = new HostRule(List.of("www.example.gov.cn", "xxgk.example.gov.cn:8443", "127.0.0.1:18080", "[::1]:9000"));

    private boolean allowed(String url) {
        return rule.allowed(url).isPresent();
    }

    @Test
    void exactHostAndPortOnly() {
        assertThat(allowed("https://www.example.gov.cn/a.html")).isTrue();
        assertThat(allowed("http://www.example.gov.cn/a.html")).isTrue();
        assertThat(allowed("https://WWW.Example.GOV.cn./a.html")).as("case and trailing dot").isTrue();
        assertThat(allowed("https://www.example.gov.cn:443/a.html")).as("the default port written out").isTrue();
        assertThat(allowed("https://www.example.gov.cn:8443/a.html")).as("another port").isFalse();
        assertThat(allowed("http://www.example.gov.cn:8080/")).isFalse();
        assertThat(allowed("https://xxgk.example.gov.cn:8443/x")).isTrue();
        assertThat(allowed("https://xxgk.example.gov.cn/x")).as("an entry with a port allows that port only").isFalse();
        assertThat(allowed("http://127.0.0.1:18080/p")).isTrue();
        assertThat(allowed("http://127.0.0.1/p")).isFalse();
        assertThat(allowed("http://127.0.0.1:18081/p")).isFalse();
        assertThat(allowed("http://[::1]:9000/p")).isTrue();
        assertThat(allowed("http://[::1]:9001/p")).isFalse();
    }

    @Test
    void namesThatOnlyLookAlikeAreRefused() {
        assertThat(allowed("https://evil.www.example.gov.cn/")).as("subdomain").isFalse();
        assertThat(allowed("https://example.gov.cn/")).as("parent domain").isFalse();
        assertThat(allowed("https://www.example.gov.cn.evil.com/")).isFalse();
        assertThat(allowed("http://localhost:18080/")).as("the same address under another name").isFalse();
        assertThat(allowed("http://127.0.0.2:18080/")).isFalse();
        assertThat(allowed("http://2130706433:18080/")).as("an address in another notation").isFalse();
        assertThat(allowed("http://0x7f.0.0.1:18080/")).isFalse();
        assertThat(allowed("http://[::ffff:127.0.0.1]:18080/")).isFalse();
    }

    @Test
    void credentialsOtherSchemesAndBadUrlsAreRefused() {
        assertThat(allowed("https://user:pw@www.example.gov.cn/")).isFalse();
        assertThat(allowed("https://www.example.gov.cn@evil.com/")).isFalse();
        assertThat(allowed("http://127.0.0.1:18080@10.0.0.1/")).isFalse();
        assertThat(allowed("ftp://www.example.gov.cn/")).isFalse();
        assertThat(allowed("file:///etc/passwd")).isFalse();
        assertThat(allowed("javascript:alert(1)")).isFalse();
        assertThat(allowed("//www.example.gov.cn/a")).as("no scheme").isFalse();
        assertThat(allowed("/a.html")).isFalse();
        assertThat(allowed("https://www.example.gov.cn/" + "a".repeat(3000))).isFalse();
        assertThat(allowed(null)).isFalse();
        assertThat(allowed("http://www.example.gov.cn:0/")).isFalse();
        assertThat(allowed("http://www.example.gov.cn:99999/")).isFalse();
        assertThat(rule.allows(URI.create("mailto:a@www.example.gov.cn"))).isFalse();
    }

    @Test
    void anEmptyListAllowsNothing() {
        HostRule none = new HostRule(List.of("", " "));
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.allowed("https://www.example.gov.cn/")).isEmpty();
    }

    @Test
    void keysMatchRegisterUrlsAndSitemapEntries() {
        assertThat(HostRule.key("HTTPS://WWW.Example.gov.cn:443/a.html#top")).contains("https://www.example.gov.cn/a.html");
        assertThat(HostRule.key("http://www.example.gov.cn")).contains("http://www.example.gov.cn/");
        assertThat(HostRule.key("http://127.0.0.1:8080/a?b=1")).contains("http://127.0.0.1:8080/a?b=1");
        assertThat(HostRule.key("https://www.example.gov.cn/A.html")).isNotEqualTo(HostRule.key("https://www.example.gov.cn/a.html"));
        assertThat(HostRule.key("not a url")).isEmpty();
    }
}
