package cn.disclosure.review.web;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * The address a request comes from, as used for sign-in throttling and in audit lines: the TCP
 * peer; only when Quarkus' proxy support is switched on ({@code quarkus.http.proxy.proxy-address-forwarding}
 * with {@code allow-forwarded} / {@code allow-x-forwarded}, limited to {@code quarkus.http.proxy.trusted-proxies})
 * does Vert.x hand over the address the proxy forwarded instead. Nothing here reads a header itself.
 */
public final class SourceAddress {
    public static final String UNKNOWN = "unknown";

    private SourceAddress() {
    }

    public static String of(RoutingContext rc) {
        if (rc == null) {
            return UNKNOWN;
        }
        SocketAddress a = rc.request().remoteAddress();
        if (a == null) {
            return UNKNOWN;
        }
        String host = a.hostAddress();
        if (host == null || host.isEmpty()) {
            host = a.host();
        }
        if (host == null || host.isEmpty()) {
            return UNKNOWN;
        }
        int scope = host.indexOf('%');
        if (scope >= 0) {
            host = host.substring(0, scope);
        }
        return SafeText.of(host, 64);
    }
}
