package cn.disclosure.review.patrol;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which URLs a patrol may fetch: absolute http(s) URLs without user name or password whose
 * {@code host[:port]} is exactly one of {@code review.patrol.allowed-hosts}. An entry without a port
 * allows the scheme's default port only (80 for http, 443 for https); an entry with a port allows
 * that port only. Hosts compare case-insensitively, without a trailing dot and without IPv6
 * brackets; nothing is resolved and nothing else is allowed — not a subdomain, not another port,
 * not the same address under another name. Every redirect target is checked again.
 */
public final class HostRule {
    public static final int MAX_URL_LENGTH = 2000;

    private final Set<String> allowed;

    public HostRule(Collection<String> entries) {
        Set<String> out = new LinkedHashSet<>();
        for (String e : entries) {
            if (e == null || e.isBlank()) {
                continue;
            }
            out.add(normaliseEntry(e.strip()));
        }
        this.allowed = Set.copyOf(out);
    }

    public boolean isEmpty() {
        return allowed.isEmpty();
    }

    public Set<String> entries() {
        return allowed;
    }

    /** The URL when it is syntactically fetchable (fragment dropped); empty when it is not. */
    public static Optional<URI> parse(String url) {
        if (url == null) {
            return Optional.empty();
        }
        String s = url.strip();
        if (s.isEmpty() || s.length() > MAX_URL_LENGTH) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.empty();
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            return Optional.empty();
        }
        if (uri.getHost() == null || uri.getHost().isBlank() || uri.getPort() == 0 || uri.getPort() > 65535) {
            return Optional.empty();
        }
        if (uri.getRawFragment() != null) {
            try {
                uri = new URI(s.substring(0, s.indexOf('#')));
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }
        return Optional.of(uri);
    }

    /** Path and query as they were written (raw), so that parsing does not re-encode them. */
    private static String rawTail(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** Whether {@code uri} may be fetched: see the class comment. */
    public boolean allows(URI uri) {
        if (uri == null || uri.getHost() == null || uri.getScheme() == null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return false;
        }
        if (uri.getRawUserInfo() != null) {
            return false;
        }
        int port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
        String host = host(uri.getHost());
        if (allowed.contains(host + ":" + port)) {
            return true;
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        return port == defaultPort && allowed.contains(host);
    }

    /** {@link #parse} and {@link #allows} together. */
    public Optional<URI> allowed(String url) {
        return parse(url).filter(this::allows);
    }

    /**
     * The form register URLs and sitemap entries are matched in: scheme and host lower case, the
     * default port left out, an empty path as "/", the fragment dropped, path and query as written.
     */
    public static Optional<String> key(String url) {
        return parse(url).map(u -> {
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            String h = host(u.getHost());
            if (h.indexOf(':') >= 0) {
                h = "[" + h + "]";
            }
            return scheme + "://" + h + (defaultPort ? "" : ":" + port) + rawTail(u);
        });
    }

    static String host(String h) {
        String s = h.toLowerCase(Locale.ROOT);
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        while (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static String normaliseEntry(String e) {
        String s = e.toLowerCase(Locale.ROOT);
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close > 0) {
                String host = s.substring(1, close);
                String rest = s.substring(close + 1);
                return rest.startsWith(":") ? host + rest : host;
            }
        }
        int colon = s.lastIndexOf(':');
        if (colon > 0 && s.indexOf(':') == colon) {
            return host(s.substring(0, colon)) + s.substring(colon);
        }
        return host(s);
    }
}
