package cn.disclosure.review.notify;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where a webhook may be delivered. A callback URL must be absolute http(s) with a host, without
 * credentials or fragment; its host is resolved (every A/AAAA record) and each address must be a
 * globally routed unicast address ({@link AddressRanges}) that is not one of this service's own
 * HTTP or database ports on a local address — unless {@link WebhookAllowList} lets it. The check
 * runs at registration and again before every delivery, and the delivery connects to an address
 * this check returned ({@link Target#pinned()}), so a DNS answer that changes between check and
 * connect (rebinding) is never used.
 * <p>
 * Refusals name the reason in Chinese. For a host name they do not say what it resolved to or
 * which rule refused it: the answer must not tell a caller what exists on the internal network.
 */
public final class CallbackAddressPolicy {
    public static final int MAX_URL_LENGTH = 2000;

    /** Name resolution, replaceable in tests (which never query DNS). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Ports of this service that no callback may reach: on every local address, and on given endpoints. */
    public record Protected(Set<Integer> localPorts, Set<InetSocketAddress> endpoints, Set<InetAddress> localAddresses) {
        public static Protected nothing() {
            return new Protected(Set.of(), Set.of(), Set.of());
        }
    }

    /** A URL that passed, with the addresses it may be delivered to (in resolver order). */
    public record Target(URI uri, String host, int port, boolean https, List<InetAddress> addresses) {
        /** The address to connect to: one that was checked. */
        public InetAddress pinned() {
            return addresses.get(0);
        }

        /** Path and query as sent in the request line. */
        public String requestUri() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
    }

    /** Why a URL is refused. {@code kind} is a short, content-free word for logs and delivery records. */
    public static final class Refused extends Exception {
        public final int status;
        public final String code;
        public final String reason;
        public final String kind;

        Refused(int status, String code, String reason, String kind) {
            super(code + " (" + kind + ")", null, false, false);
            this.status = status;
            this.code = code;
            this.reason = reason;
            this.kind = kind;
        }
    }

    private final WebhookAllowList allow;
    private final Resolver resolver;
    private final Supplier<Protected> protectedPorts;

    public CallbackAddressPolicy(WebhookAllowList allow, Resolver resolver, Supplier<Protected> protectedPorts) {
        this.allow = allow;
        this.resolver = resolver;
        this.protectedPorts = protectedPorts;
    }

    /** The URL's syntax only: absolute http(s), a host, a valid port, no credentials, no fragment. */
    public static URI syntax(String value) throws Refused {
        if (value == null || value.isBlank()) {
            throw invalid("必须提供回调地址（url）");
        }
        String url = value.trim();
        if (url.length() > MAX_URL_LENGTH) {
            throw invalid("回调地址过长（最多 " + MAX_URL_LENGTH + " 个字符）");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("回调地址格式不正确");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("回调地址只能使用 http 或 https");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw invalid("回调地址中不得包含用户名或密码");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw invalid("回调地址缺少主机名");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("回调地址中不得包含片段（#）");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw invalid("回调地址的端口无效");
        }
        return uri;
    }

    /** Checks {@code url} and resolves it; every resolved address must pass. */
    public Target check(String url) throws Refused {
        URI uri = syntax(url);
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
        String host = hostOf(uri);
        boolean literal = HostLiterals.parse(host).isPresent();
        InetAddress[] resolved;
        try {
            resolved = literal ? new InetAddress[]{InetAddress.getByAddress(HostLiterals.parse(host).get())} : resolver.resolve(host);
        } catch (UnknownHostException | SecurityException e) {
            throw new Refused(422, "webhook-host-unresolvable", "回调地址的主机名无法解析，请核对地址", "unresolvable");
        }
        if (resolved == null || resolved.length == 0) {
            throw new Refused(422, "webhook-host-unresolvable", "回调地址的主机名无法解析，请核对地址", "unresolvable");
        }
        Protected own = protectedPorts.get();
        List<InetAddress> addresses = new ArrayList<>(resolved.length);
        for (InetAddress a : resolved) {
            InetAddress plain = withoutScope(a);
            if (ownPort(own, plain, port) && !allow.allowsExplicitPort(host, plain, port)) {
                throw refused(literal, "本服务自身的 HTTP 或数据库端口", "own-port");
            }
            Optional<AddressRanges.Category> category = AddressRanges.classify(plain);
            if (category.isPresent() && !allow.allows(host, plain, port)) {
                throw refused(literal, category.get().label, category.get().name().toLowerCase(Locale.ROOT));
            }
            addresses.add(plain);
        }
        return new Target(uri, host, port, https, List.copyOf(addresses));
    }

    private static boolean ownPort(Protected own, InetAddress a, int port) {
        if (own.endpoints().contains(new InetSocketAddress(a, port))) {
            return true;
        }
        if (!own.localPorts().contains(port)) {
            return false;
        }
        return a.isLoopbackAddress() || a.isAnyLocalAddress() || own.localAddresses().contains(a);
    }

    /** The host as written in the URL, lower case, without IPv6 brackets or a trailing dot. */
    static String hostOf(URI uri) {
        String h = uri.getHost().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    private static InetAddress withoutScope(InetAddress a) {
        if (a instanceof Inet6Address v6 && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)) {
            return AddressRanges.of(Arrays.copyOf(v6.getAddress(), 16));
        }
        return a;
    }

    private static Refused refused(boolean literal, String what, String kind) {
        String reason = literal
                ? "回调地址是" + what + "，不能登记或投递：回调只能发往公网地址（内网地址须由管理员在 REVIEW_WEBHOOK_ALLOW 中放行）"
                : "回调地址的主机解析到不允许的地址（本机、内网、链路本地、组播或保留地址等），不能登记或投递：回调只能发往公网地址（内网地址须由管理员在 REVIEW_WEBHOOK_ALLOW 中放行）";
        return new Refused(422, "webhook-address-refused", reason, kind);
    }

    private static Refused invalid(String reason) {
        return new Refused(400, "invalid-webhook-url", reason, "invalid-url");
    }
}
