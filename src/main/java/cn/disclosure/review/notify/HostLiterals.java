package cn.disclosure.review.notify;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** Strict IP literals (dotted-quad IPv4, IPv6 without zone) to bytes, never with a name lookup. */
final class HostLiterals {
    private HostLiterals() {
    }

    static Optional<byte[]> parse(String s) {
        if (s == null || s.isEmpty()) {
            return Optional.empty();
        }
        if (s.indexOf(':') >= 0) {
            if (s.indexOf('%') >= 0 || s.indexOf('[') >= 0 || s.indexOf(']') >= 0) {
                return Optional.empty();
            }
            try {
                // brackets make the JDK parse an IPv6 literal or fail: it never looks the text up
                InetAddress a = InetAddress.getByName("[" + s + "]");
                if (a instanceof Inet6Address) {
                    return Optional.of(a.getAddress());
                }
                // an IPv4-mapped literal comes back as IPv4; keep its 16-byte form
                byte[] v4 = a.getAddress();
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(v4, 0, mapped, 12, 4);
                return Optional.of(mapped);
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return Optional.empty();
            }
            out[i] = (byte) v;
        }
        return Optional.of(out);
    }
}
