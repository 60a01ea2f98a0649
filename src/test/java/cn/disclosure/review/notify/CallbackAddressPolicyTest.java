package cn.disclosure.review.notify;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static cn.disclosure.review.notify.AddressRanges.Category.BROADCAST;
import static cn.disclosure.review.notify.AddressRanges.Category.DOCUMENTATION;
import static cn.disclosure.review.notify.AddressRanges.Category.LINK_LOCAL;
import static cn.disclosure.review.notify.AddressRanges.Category.LOOPBACK;
import static cn.disclosure.review.notify.AddressRanges.Category.MULTICAST;
import static cn.disclosure.review.notify.AddressRanges.Category.PRIVATE;
import static cn.disclosure.review.notify.AddressRanges.Category.RESERVED;
import static cn.disclosure.review.notify.AddressRanges.Category.SHARED;
import static cn.disclosure.review.notify.AddressRanges.Category.UNSPECIFIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The address rules on resolved addresses only: addresses are built from bytes
 * ({@link InetAddress#getByAddress}) and host names resolve through a map. No DNS, no traffic.
 */
class CallbackAddressPolicyTest {

    // ---- ranges ----

    @Test
    void everyForbiddenIpv4RangeIsRefusedAtBothEnds() {
        Map<String, AddressRanges.Category> refused = new HashMap<>();
        refused.put("0.0.0.0", UNSPECIFIED);
        refused.put("0.255.255.255", UNSPECIFIED);
        refused.put("127.0.0.1", LOOPBACK);
        refused.put("127.255.255.254", LOOPBACK);
        refused.put("10.0.0.0", PRIVATE);
        refused.put("10.255.255.255", PRIVATE);
        refused.put("172.16.0.0", PRIVATE);
        refused.put("172.31.255.255", PRIVATE);
        refused.put("192.168.0.0", PRIVATE);
        refused.put("192.168.255.255", PRIVATE);
        refused.put("100.64.0.0", SHARED);
        refused.put("100.127.255.255", SHARED);
        refused.put("169.254.0.0", LINK_LOCAL);
        refused.put("169.254.169.254", LINK_LOCAL);
        refused.put("169.254.255.255", LINK_LOCAL);
        refused.put("192.0.2.1", DOCUMENTATION);
        refused.put("198.51.100.7", DOCUMENTATION);
        refused.put("203.0.113.255", DOCUMENTATION);
        refused.put("192.0.0.8", RESERVED);
        refused.put("192.88.99.1", RESERVED);
        refused.put("198.18.0.0", RESERVED);
        refused.put("198.19.255.255", RESERVED);
        refused.put("240.0.0.1", RESERVED);
        refused.put("255.255.255.254", RESERVED);
        refused.put("224.0.0.1", MULTICAST);
        refused.put("239.255.255.250", MULTICAST);
        refused.put("255.255.255.255", BROADCAST);
        refused.forEach((text, category) -> assertThat(AddressRanges.classify(ip(text))).as(text).contains(category));
    }

    @Test
    void publicIpv4NextToTheRangesPasses() {
        for (String text : List.of("1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0", "126.255.255.255", "128.0.0.0",
                "172.15.255.255", "172.32.0.0", "192.167.255.255", "192.169.0.0", "100.63.255.255", "100.128.0.0",
                "169.253.255.255", "169.255.0.0", "192.0.1.255", "192.0.3.0", "198.17.255.255", "198.20.0.0",
                "198.51.99.255", "203.0.114.0", "223.255.255.255", "114.114.114.114")) {
            assertThat(AddressRanges.classify(ip(text))).as(text).isEmpty();
        }
    }

    @Test
    void everyForbiddenIpv6RangeIsRefused() {
        Map<String, AddressRanges.Category> refused = new HashMap<>();
        refused.put("::", UNSPECIFIED);
        refused.put("::1", LOOPBACK);
        refused.put("fe80::1", LINK_LOCAL);
        refused.put("febf:ffff::1", LINK_LOCAL);
        refused.put("fec0::1", PRIVATE);
        refused.put("fc00::1", PRIVATE);
        refused.put("fd12:3456:789a::1", PRIVATE);
        refused.put("ff02::1", MULTICAST);
        refused.put("ff0e::1", MULTICAST);
        refused.put("2001:db8::1", DOCUMENTATION);
        refused.put("2001:db8:ffff::1", DOCUMENTATION);
        refused.put("3fff::1", DOCUMENTATION);
        refused.put("3fff:0fff::1", DOCUMENTATION);
        refused.put("2001::1", RESERVED);                 // Teredo
        refused.put("2001:2::1", RESERVED);               // benchmarking
        refused.put("2001:10::1", RESERVED);              // ORCHID
        refused.put("100::1", RESERVED);                  // discard-only, outside 2000::/3
        refused.put("4000::1", RESERVED);                 // unallocated, outside 2000::/3
        refused.put("64:ff9b:1::1", PRIVATE);             // local-use NAT64
        refused.forEach((text, category) -> assertThat(AddressRanges.classify(ip(text))).as(text).contains(category));
    }

    @Test
    void ipv6FormsCarryingAnIpv4AddressAreJudgedByIt() {
        Map<String, AddressRanges.Category> refused = new HashMap<>();
        // IPv4-mapped (the JDK hands these back as IPv4 addresses; judged the same either way)
        refused.put("::ffff:127.0.0.1", LOOPBACK);
        refused.put("::ffff:169.254.169.254", LINK_LOCAL);
        refused.put("::ffff:10.1.2.3", PRIVATE);
        refused.put("::ffff:100.64.0.1", SHARED);
        // IPv4-compatible (deprecated): refused even with a public address inside
        refused.put("::127.0.0.1", LOOPBACK);
        refused.put("::10.0.0.1", PRIVATE);
        refused.put("::8.8.8.8", RESERVED);
        // NAT64 well-known prefix 64:ff9b::/96
        refused.put("64:ff9b::7f00:1", LOOPBACK);
        refused.put("64:ff9b::a9fe:a9fe", LINK_LOCAL);
        refused.put("64:ff9b::c0a8:101", PRIVATE);
        refused.put("64:ff9b::e000:1", MULTICAST);
        // 6to4 2002:AABB:CCDD::/48
        refused.put("2002:7f00:1::1", LOOPBACK);
        refused.put("2002:a9fe:a9fe::1", LINK_LOCAL);
        refused.put("2002:c0a8:101::1", PRIVATE);
        refused.put("2002:ac10::1", PRIVATE);
        refused.put("2002:6440::1", SHARED);
        refused.put("2002:ffff:ffff::1", BROADCAST);
        refused.forEach((text, category) -> assertThat(AddressRanges.classify(ip(text))).as(text).contains(category));
        // the same bytes built as an Inet6Address (not converted by the JDK) are judged the same
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 169;
        mapped[13] = (byte) 254;
        mapped[14] = (byte) 169;
        mapped[15] = (byte) 254;
        assertThat(AddressRanges.ipv6(mapped)).contains(LINK_LOCAL);
        for (String ok : List.of("64:ff9b::808:808", "2002:808:808::1", "2400:3200::1", "2606:4700:4700::1111", "2a00:1450::1")) {
            assertThat(AddressRanges.classify(ip(ok))).as(ok).isEmpty();
        }
    }

    // ---- the policy: resolution, all records, pinning, own ports ----

    @Test
    void aHostIsResolvedAndPinnedToTheCheckedAddress() throws Exception {
        CallbackAddressPolicy policy = policy(WebhookAllowList.none(), Map.of("cms.example.cn", List.of("8.8.8.8", "2606:4700::1")));
        CallbackAddressPolicy.Target t = policy.check("https://CMS.Example.cn./hook?x=1");
        assertThat(t.host()).isEqualTo("cms.example.cn");
        assertThat(t.port()).isEqualTo(443);
        assertThat(t.https()).isTrue();
        assertThat(t.pinned()).isEqualTo(ip("8.8.8.8"));
        assertThat(t.addresses()).containsExactly(ip("8.8.8.8"), ip("2606:4700::1"));
        assertThat(t.requestUri()).isEqualTo("/hook?x=1");
        assertThat(policy.check("http://cms.example.cn").requestUri()).isEqualTo("/");
        assertThat(policy.check("http://cms.example.cn:8080/").port()).isEqualTo(8080);
    }

    @Test
    void oneForbiddenRecordAmongSeveralRefusesTheHostWithoutSayingWhichAddress() {
        CallbackAddressPolicy policy = policy(WebhookAllowList.none(),
                Map.of("mixed.example.cn", List.of("8.8.8.8", "169.254.169.254")));
        CallbackAddressPolicy.Refused r = refusal(policy, "http://mixed.example.cn/hook");
        assertThat(r.status).isEqualTo(422);
        assertThat(r.code).isEqualTo("webhook-address-refused");
        assertThat(r.kind).isEqualTo("link_local");
        assertThat(r.reason).doesNotContain("169.254").doesNotContain("链路本地地址（含");
    }

    @Test
    void dnsRebindingBetweenRegistrationAndDeliveryIsCaughtByTheSecondCheck() throws Exception {
        Deque<String> answers = new ArrayDeque<>(List.of("8.8.8.8", "127.0.0.1"));
        CallbackAddressPolicy policy = new CallbackAddressPolicy(WebhookAllowList.none(),
                host -> new InetAddress[]{ip(answers.poll())}, CallbackAddressPolicy.Protected::nothing);
        assertThat(policy.check("http://rebind.example.cn/").pinned()).isEqualTo(ip("8.8.8.8"));
        assertThat(refusal(policy, "http://rebind.example.cn/").kind).isEqualTo("loopback");
    }

    @Test
    void literalsAreNeverLookedUpAndNamedInTheReason() {
        CallbackAddressPolicy policy = new CallbackAddressPolicy(WebhookAllowList.none(), host -> {
            throw new AssertionError("looked up " + host);
        }, CallbackAddressPolicy.Protected::nothing);
        assertThat(refusal(policy, "http://127.0.0.1:9000/").reason).contains("本机回环地址");
        assertThat(refusal(policy, "http://[::1]/").kind).isEqualTo("loopback");
        assertThat(refusal(policy, "http://[::ffff:169.254.169.254]/").kind).isEqualTo("link_local");
        assertThat(refusal(policy, "http://169.254.169.254/latest/meta-data/").reason).contains("169.254.169.254");
        assertThat(refusal(policy, "http://[fd00::1]:8443/").kind).isEqualTo("private");
        assertThat(refusal(policy, "http://0.0.0.0:8080/").kind).isEqualTo("unspecified");
        assertThat(refusal(policy, "http://[2002:a9fe:a9fe::1]/").kind).isEqualTo("link_local");
    }

    @Test
    void oddSpellingsOfAnAddressAreJudgedByWhatTheyResolveTo() {
        // whatever a resolver makes of 0x7f.1, 2130706433 or 127.1, the resolved address is what is checked
        // (java.net.URI already refuses some of these spellings as hosts: then the URL is invalid)
        Map<String, List<String>> odd = Map.of("0x7f.1", List.of("127.0.0.1"), "2130706433", List.of("127.0.0.1"),
                "127.1", List.of("127.0.0.1"), "017700000001", List.of("127.0.0.1"),
                "localtest.me", List.of("127.0.0.1"), "metadata.google.internal", List.of("169.254.169.254"));
        CallbackAddressPolicy policy = policy(WebhookAllowList.none(), odd);
        for (String host : odd.keySet()) {
            assertThat(refusal(policy, "http://" + host + "/").kind).as(host).isIn("loopback", "link_local", "invalid-url");
        }
        assertThat(refusal(policy, "http://localtest.me/").kind).isEqualTo("loopback");
        assertThat(refusal(policy, "http://metadata.google.internal/").kind).isEqualTo("link_local");
    }

    @Test
    void anUnresolvableHostIsRefused() {
        CallbackAddressPolicy policy = policy(WebhookAllowList.none(), Map.of());
        CallbackAddressPolicy.Refused r = refusal(policy, "https://nowhere.example.cn/hook");
        assertThat(r.status).isEqualTo(422);
        assertThat(r.code).isEqualTo("webhook-host-unresolvable");
        CallbackAddressPolicy empty = new CallbackAddressPolicy(WebhookAllowList.none(), host -> new InetAddress[0],
                CallbackAddressPolicy.Protected::nothing);
        assertThat(refusal(empty, "https://empty.example.cn/").code).isEqualTo("webhook-host-unresolvable");
    }

    @Test
    void syntaxRulesComeFirstAndAreNeverLifted() {
        CallbackAddressPolicy policy = policy(WebhookAllowList.parse("0.0.0.0/0 ::/0 *.example.cn"),
                Map.of("cms.example.cn", List.of("8.8.8.8")));
        for (String url : List.of("ftp://cms.example.cn/", "file:///etc/passwd", "gopher://cms.example.cn/", "//cms.example.cn/x",
                "http://user:pw@cms.example.cn/", "http://user@cms.example.cn/", "http://8.8.8.8@127.0.0.1/",
                "https://cms.example.cn/#frag", "http:///x", "http://cms.example.cn:0/", "http://cms.example.cn:65536/",
                "not a url", "http://" + "a".repeat(2000) + ".cn/", "")) {
            CallbackAddressPolicy.Refused r = refusal(policy, url);
            assertThat(r.status).as(url).isEqualTo(400);
            assertThat(r.code).as(url).isEqualTo("invalid-webhook-url");
        }
    }

    @Test
    void theServicesOwnPortsAreRefusedOnEveryLocalAddressUnlessNamedWithThePort() throws Exception {
        InetAddress machine = ip("8.8.4.4");   // pretend this is one of the machine's own public addresses
        CallbackAddressPolicy.Protected own = new CallbackAddressPolicy.Protected(Set.of(8080, 54329),
                Set.of(new InetSocketAddress(ip("10.9.9.9"), 5432)), Set.of(machine));
        Map<String, List<String>> dns = Map.of("self.example.cn", List.of("8.8.4.4"), "db.internal", List.of("10.9.9.9"));

        CallbackAddressPolicy strict = policy(WebhookAllowList.none(), dns, own);
        assertThat(refusal(strict, "http://self.example.cn:8080/").kind).isEqualTo("own-port");
        assertThat(refusal(strict, "http://8.8.4.4:54329/").kind).isEqualTo("own-port");
        assertThat(strict.check("http://self.example.cn:8081/").pinned()).isEqualTo(machine);

        CallbackAddressPolicy loopbackAllowed = policy(WebhookAllowList.parse("127.0.0.1,::1,10.0.0.0/8"), dns, own);
        assertThat(loopbackAllowed.check("http://127.0.0.1:9000/").pinned()).isEqualTo(ip("127.0.0.1"));
        assertThat(refusal(loopbackAllowed, "http://127.0.0.1:8080/").kind).isEqualTo("own-port");
        assertThat(refusal(loopbackAllowed, "http://[::1]:54329/").kind).isEqualTo("own-port");
        assertThat(refusal(loopbackAllowed, "http://0.0.0.0:8080/").kind).isEqualTo("own-port");
        assertThat(refusal(loopbackAllowed, "http://db.internal:5432/").kind).isEqualTo("own-port");
        assertThat(loopbackAllowed.check("http://db.internal:8443/").pinned()).isEqualTo(ip("10.9.9.9"));

        CallbackAddressPolicy explicit = policy(WebhookAllowList.parse("127.0.0.1:8080 10.9.9.9:5432"), dns, own);
        assertThat(explicit.check("http://127.0.0.1:8080/").port()).isEqualTo(8080);
        assertThat(explicit.check("http://db.internal:5432/").port()).isEqualTo(5432);
        assertThat(refusal(explicit, "http://127.0.0.1:9000/").kind).isEqualTo("loopback");
    }

    // ---- the allow list ----

    @Test
    void allowListEntriesByNameWildcardAddressBlockAndPort() throws Exception {
        Map<String, List<String>> dns = Map.of(
                "cms.intranet.gov.cn", List.of("10.1.2.3"),
                "other.example.cn", List.of("10.1.2.3"),
                "a.b.intranet.gov.cn", List.of("192.168.7.7"),
                "intranet.gov.cn", List.of("192.168.7.8"),
                "v6.intranet.gov.cn", List.of("fd00::5"));
        CallbackAddressPolicy policy = policy(WebhookAllowList.parse(
                "cms.intranet.gov.cn, *.b.intranet.gov.cn\n10.8.0.0/16:8443 [fd00::/8]:8443 172.16.5.5"), dns);
        assertThat(policy.check("https://cms.intranet.gov.cn/hook").pinned()).isEqualTo(ip("10.1.2.3"));
        assertThat(refusal(policy, "https://other.example.cn/hook").kind).as("same address, name not listed").isEqualTo("private");
        assertThat(policy.check("http://a.b.intranet.gov.cn/").pinned()).isEqualTo(ip("192.168.7.7"));
        assertThat(refusal(policy, "http://intranet.gov.cn/").kind).as("a wildcard is not its apex").isEqualTo("private");
        assertThat(policy.check("https://10.8.200.1:8443/").pinned()).isEqualTo(ip("10.8.200.1"));
        assertThat(refusal(policy, "https://10.8.200.1/").kind).as("only the listed port").isEqualTo("private");
        assertThat(refusal(policy, "https://10.9.0.1:8443/").kind).as("outside the block").isEqualTo("private");
        assertThat(policy.check("https://v6.intranet.gov.cn:8443/").pinned()).isEqualTo(ip("fd00::5"));
        assertThat(refusal(policy, "https://v6.intranet.gov.cn/").kind).isEqualTo("private");
        assertThat(policy.check("http://172.16.5.5:1234/").pinned()).isEqualTo(ip("172.16.5.5"));
        assertThat(refusal(policy, "http://172.16.5.6/").kind).isEqualTo("private");
    }

    @Test
    void allowListEntriesThatCannotBeReadStopTheService() {
        for (String bad : List.of("10.0.0.0/33", "cms.example.cn:99999", "cms.example.cn:0", "[::1", "a..b", "*", "http://x/",
                "10.0.0.1/x", "[fd00::/129]", "fe80::1%eth0", "-bad-.cn")) {
            assertThatThrownBy(() -> WebhookAllowList.parse(bad)).as(bad).isInstanceOf(WebhookAllowList.SyntaxException.class);
        }
        assertThat(WebhookAllowList.parse("  ").isEmpty()).isTrue();
        assertThat(WebhookAllowList.parse(null).isEmpty()).isTrue();
        assertThat(WebhookAllowList.parse("127.0.0.1, ::1 , [::1]:9000,localhost").entries()).hasSize(4);
    }

    // ---- what a failed delivery records ----

    @Test
    void deliveryErrorsAreClassesWithoutDetail() {
        assertThat(WebhookDeliverer.describe(new CompletionException(new ConnectException("Connection refused: /10.0.0.7:5432"))))
                .isEqualTo("连接失败");
        assertThat(WebhookDeliverer.describe(new TimeoutException("10.0.0.7"))).isEqualTo("超时");
        assertThat(WebhookDeliverer.describe(new javax.net.ssl.SSLHandshakeException("PKIX path for internal.host"))).isEqualTo("TLS 握手失败");
        assertThat(WebhookDeliverer.describe(new UnknownHostException("internal.host"))).isEqualTo("域名解析失败");
        assertThat(WebhookDeliverer.describe(new IllegalStateException("anything at 10.0.0.7"))).isEqualTo("发送失败");
    }

    // ---- helpers ----

    private static CallbackAddressPolicy policy(WebhookAllowList allow, Map<String, List<String>> dns) {
        return policy(allow, dns, CallbackAddressPolicy.Protected.nothing());
    }

    private static CallbackAddressPolicy policy(WebhookAllowList allow, Map<String, List<String>> dns,
                                                CallbackAddressPolicy.Protected own) {
        return new CallbackAddressPolicy(allow, host -> {
            List<String> found = dns.get(host);
            if (found == null) {
                throw new UnknownHostException(host);
            }
            return found.stream().map(CallbackAddressPolicyTest::ip).toArray(InetAddress[]::new);
        }, () -> own);
    }

    private static CallbackAddressPolicy.Refused refusal(CallbackAddressPolicy policy, String url) {
        CallbackAddressPolicy.Refused r = catchThrowableOfType(CallbackAddressPolicy.Refused.class, () -> policy.check(url));
        assertThat(r).as("refused: " + url).isNotNull();
        return r;
    }

    /** An address from its literal text, parsed here without any lookup. */
    static InetAddress ip(String text) {
        byte[] bytes = HostLiterals.parse(text).orElseThrow(() -> new IllegalArgumentException(text));
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(Arrays.toString(bytes), e);
        }
    }
}
