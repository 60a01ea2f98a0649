package cn.disclosure.review.notify;

import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link CallbackAddressPolicy} as the service applies it: the allow list from
 * {@code review.webhook.allow} (env {@code REVIEW_WEBHOOK_ALLOW}), the system resolver, and the
 * ports to protect — this service's HTTP(S) ports (configured and actually bound) on every local
 * address, and the database's port (from {@code quarkus.datasource.jdbc.url}) on the database
 * host's addresses and, when that host is local, on every local address.
 */
@ApplicationScoped
public class WebhookAddressGuard {
    private static final Logger LOG = Logger.getLogger(WebhookAddressGuard.class);
    private static final Pattern JDBC_HOSTS = Pattern.compile("^jdbc:postgresql://([^/?]*)");
    private static final List<String> HTTP_PORT_KEYS = List.of("quarkus.http.port", "quarkus.http.ssl-port", "quarkus.management.port");
    private static final List<String> TEST_PORT_KEYS = List.of("quarkus.http.test-port", "quarkus.http.test-ssl-port",
            "quarkus.management.test-port");

    @ConfigProperty(name = "review.webhook.allow")
    Optional<String> allowSpec;

    private final Set<Integer> boundPorts = ConcurrentHashMap.newKeySet();
    private volatile CallbackAddressPolicy policy;
    private volatile WebhookAllowList allowList;
    private volatile CachedLocal local;

    private record CachedLocal(long at, Set<InetAddress> addresses) {
    }

    @PostConstruct
    void init() {
        allowList = WebhookAllowList.parse(allowSpec.orElse(""));
        policy = new CallbackAddressPolicy(allowList, InetAddress::getAllByName, this::protectedPorts);
        if (!allowList.isEmpty()) {
            LOG.infof("回调地址放行名单已配置：%d 条（review.webhook.allow）", allowList.entries().size());
        }
    }

    void httpStarted(@ObservesAsync HttpServerStart start) {
        boundPorts.add(start.options().getPort());
    }

    void httpsStarted(@ObservesAsync HttpsServerStart start) {
        boundPorts.add(start.options().getPort());
    }

    public CallbackAddressPolicy.Target check(String url) throws CallbackAddressPolicy.Refused {
        return policy.check(url);
    }

    CallbackAddressPolicy.Protected protectedPorts() {
        Config config = ConfigProvider.getConfig();
        Set<Integer> ports = new HashSet<>(boundPorts);
        List<String> keys = io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.TEST
                ? java.util.stream.Stream.concat(HTTP_PORT_KEYS.stream(), TEST_PORT_KEYS.stream()).toList() : HTTP_PORT_KEYS;
        for (String key : keys) {
            config.getOptionalValue(key, Integer.class).ifPresent(ports::add);
            Optional.ofNullable(System.getProperty(key)).flatMap(WebhookAddressGuard::port).ifPresent(ports::add);
        }
        Set<InetSocketAddress> endpoints = new HashSet<>();
        config.getOptionalValue("quarkus.datasource.jdbc.url", String.class).ifPresent(url -> databaseEndpoints(url, ports, endpoints));
        ports.remove(0);
        return new CallbackAddressPolicy.Protected(Set.copyOf(ports), Set.copyOf(endpoints), localAddresses());
    }

    /** host:port pairs of a PostgreSQL JDBC URL: a local host protects the port on every local address. */
    static void databaseEndpoints(String jdbcUrl, Set<Integer> localPorts, Set<InetSocketAddress> endpoints) {
        Matcher m = JDBC_HOSTS.matcher(jdbcUrl);
        if (!m.find()) {
            return;
        }
        for (String hostPort : m.group(1).split(",")) {
            String host = hostPort;
            int port = 5432;
            int close = hostPort.lastIndexOf(']');
            int colon = hostPort.lastIndexOf(':');
            if (colon > close && (close >= 0 || hostPort.indexOf(':') == colon)) {
                host = hostPort.substring(0, colon);
                port = port(hostPort.substring(colon + 1)).orElse(5432);
            }
            host = host.replace("[", "").replace("]", "");
            if (host.isEmpty() || host.equalsIgnoreCase("localhost")) {
                localPorts.add(port);
                continue;
            }
            try {
                for (InetAddress a : InetAddress.getAllByName(host)) {
                    if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
                        localPorts.add(port);
                    }
                    endpoints.add(new InetSocketAddress(a, port));
                }
            } catch (UnknownHostException | SecurityException e) {
                // the database host does not resolve now: nothing to protect by address
            }
        }
    }

    private Set<InetAddress> localAddresses() {
        CachedLocal c = local;
        long now = System.nanoTime();
        if (c != null && now - c.at() < 30_000_000_000L) {
            return c.addresses();
        }
        Set<InetAddress> out = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    out.add(a instanceof java.net.Inet6Address ? AddressRanges.of(a.getAddress()) : a);
                }
            }
        } catch (SocketException e) {
            LOG.warnf("无法列出本机网络地址：%s", e.getClass().getSimpleName());
        }
        Set<InetAddress> addresses = Set.copyOf(out);
        local = new CachedLocal(now, addresses);
        return addresses;
    }

    private static Optional<Integer> port(String s) {
        try {
            int p = Integer.parseInt(s.trim());
            return p > 0 && p <= 65535 ? Optional.of(p) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
