package cn.disclosure.review.notify;

import java.net.IDN;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exceptions to the webhook address policy ({@code review.webhook.allow}, env {@code REVIEW_WEBHOOK_ALLOW}):
 * entries separated by commas or whitespace, each one of
 * <ul>
 *   <li>{@code cms.intranet.gov.cn} — that host name as written in the URL (case-insensitive);</li>
 *   <li>{@code *.intranet.gov.cn} — any host name below that domain (not the domain itself);</li>
 *   <li>{@code 10.8.0.5}, {@code fd00::5} or {@code [fd00::5]} — one address;</li>
 *   <li>{@code 10.8.0.0/16}, {@code fd00:1::/64} or {@code [fd00:1::/64]} — every address in the block;</li>
 * </ul>
 * each optionally followed by {@code :port} (IPv6 in brackets: {@code [fd00::5]:8443}) to allow only
 * that port. An entry lets a callback reach addresses the range rules would refuse (private, loopback
 * …). The service's own HTTP and database ports on a local address stay refused unless an entry names
 * the port explicitly. Scheme and credential rules are never lifted.
 */
public final class WebhookAllowList {
    private static final Pattern HOST_NAME = Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final Pattern BRACKETED = Pattern.compile("\\[([^\\]]+)](?::(\\d+))?");
    private static final Pattern IPV4_ISH = Pattern.compile("[0-9.]+(/\\d+)?");

    /** One entry: a host name pattern or an address block, and a port (-1 = any). */
    record Entry(String text, String hostName, boolean wildcard, byte[] network, int prefix, int port) {
        boolean matchesHost(String host) {
            if (hostName == null) {
                return false;
            }
            return wildcard ? host.endsWith("." + hostName) : host.equals(hostName);
        }

        boolean matchesAddress(InetAddress address) {
            if (network == null) {
                return false;
            }
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }

        boolean matchesPort(int p) {
            return port < 0 || port == p;
        }
    }

    /** Thrown for an entry that cannot be read; the message names the entry (configuration, not user data). */
    public static final class SyntaxException extends IllegalArgumentException {
        SyntaxException(String entry) {
            super("review.webhook.allow: 无法识别的条目 \"" + entry + "\"（示例：cms.example.gov.cn、*.example.gov.cn、10.8.0.0/16、[fd00::/8]:8443、127.0.0.1:9000）");
        }
    }

    private final List<Entry> entries;

    private WebhookAllowList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static WebhookAllowList none() {
        return new WebhookAllowList(List.of());
    }

    public static WebhookAllowList parse(String spec) {
        List<Entry> out = new ArrayList<>();
        if (spec != null) {
            for (String raw : spec.split("[,\\s]+")) {
                if (!raw.isEmpty()) {
                    out.add(entry(raw));
                }
            }
        }
        return new WebhookAllowList(out);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    List<Entry> entries() {
        return entries;
    }

    /** Whether some entry lets {@code host} (as in the URL, lower case) resolved to {@code address} be reached on {@code port}. */
    boolean allows(String host, InetAddress address, int port) {
        return entries.stream().anyMatch(e -> (e.matchesHost(host) || e.matchesAddress(address)) && e.matchesPort(port));
    }

    /** Whether some entry naming {@code port} explicitly covers this host or address. */
    boolean allowsExplicitPort(String host, InetAddress address, int port) {
        return entries.stream().anyMatch(e -> e.port() == port && (e.matchesHost(host) || e.matchesAddress(address)));
    }

    private static Entry entry(String raw) {
        String text = raw.trim().toLowerCase(Locale.ROOT);
        String body = text;
        int port = -1;
        Matcher br = BRACKETED.matcher(text);
        if (br.matches()) {
            body = br.group(1);
            port = br.group(2) == null ? -1 : port(br.group(2), raw);
            return address(body, port, raw);
        }
        long colons = text.chars().filter(c -> c == ':').count();
        if (colons >= 2) {
            return address(text, -1, raw);                     // bare IPv6 address or block, no port
        }
        if (colons == 1) {
            int i = text.lastIndexOf(':');
            body = text.substring(0, i);
            port = port(text.substring(i + 1), raw);
        }
        if (IPV4_ISH.matcher(body).matches()) {
            return address(body, port, raw);
        }
        String ascii;
        try {
            ascii = IDN.toASCII(body.startsWith("*.") ? body.substring(2) : body).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new SyntaxException(raw);
        }
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        boolean wildcard = body.startsWith("*.");
        if (!HOST_NAME.matcher(ascii).matches()) {
            throw new SyntaxException(raw);
        }
        return new Entry(raw, ascii, wildcard, null, 0, port);
    }

    private static Entry address(String body, int port, String raw) {
        String addr = body;
        int prefix = -1;
        int slash = body.indexOf('/');
        if (slash >= 0) {
            addr = body.substring(0, slash);
            try {
                prefix = Integer.parseInt(body.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new SyntaxException(raw);
            }
        }
        byte[] bytes = HostLiterals.parse(addr).orElseThrow(() -> new SyntaxException(raw));
        int max = bytes.length * 8;
        if (prefix < 0) {
            prefix = max;
        }
        if (prefix > max) {
            throw new SyntaxException(raw);
        }
        return new Entry(raw, null, false, bytes, prefix, port);
    }

    private static int port(String s, String raw) {
        try {
            int p = Integer.parseInt(s);
            if (p < 1 || p > 65535) {
                throw new SyntaxException(raw);
            }
            return p;
        } catch (NumberFormatException e) {
            throw new SyntaxException(raw);
        }
    }
}
