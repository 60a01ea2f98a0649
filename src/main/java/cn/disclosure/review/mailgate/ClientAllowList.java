package cn.disclosure.review.mailgate;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may talk to the gate: the MTA that hands it mail, nobody else. The gate passes every message
 * it accepts to the next hop, which relays it on; reachable by anyone, it would be an open relay.
 * Default: loopback only. Entries are IP addresses or CIDR blocks, never host names (no DNS).
 */
public final class ClientAllowList {
    public static final String LOOPBACK = "127.0.0.0/8,::1/128";

    private record Block(byte[] network, int prefix, String text) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private ClientAllowList(List<Block> blocks) {
        this.blocks = blocks;
    }

    /** Comma-separated addresses or CIDR blocks, e.g. {@code 127.0.0.0/8,::1/128,192.0.2.25}. */
    public static ClientAllowList parse(String spec) {
        List<Block> out = new ArrayList<>();
        for (String raw : spec.split("[,\\s]+")) {
            if (raw.isBlank()) {
                continue;
            }
            String s = raw.strip();
            int slash = s.indexOf('/');
            String addr = slash < 0 ? s : s.substring(0, slash);
            byte[] bytes = literal(addr);
            if (bytes == null) {
                throw new IllegalArgumentException("MAIL_GATE_ALLOWED_CLIENTS：" + s + " 不是 IP 地址或 CIDR（不接受主机名）");
            }
            int prefix;
            try {
                prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("MAIL_GATE_ALLOWED_CLIENTS：" + s + " 的前缀长度无效");
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("MAIL_GATE_ALLOWED_CLIENTS：" + s + " 的前缀长度无效");
            }
            out.add(new Block(bytes, prefix, s));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("MAIL_GATE_ALLOWED_CLIENTS 不能为空");
        }
        return new ClientAllowList(List.copyOf(out));
    }

    /** Whether a connection from {@code address} may use the gate; IPv4-mapped IPv6 addresses count as IPv4. */
    public boolean allows(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length == 16 && isV4Mapped(a)) {
            a = new byte[]{a[12], a[13], a[14], a[15]};
        }
        for (Block b : blocks) {
            if (b.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    }

    /** An IP literal's bytes without any name lookup, or null when it is not one. */
    static byte[] literal(String s) {
        boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = s.contains(":") && s.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return null;
        }
        if (v4) {
            for (String octet : s.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(s).getAddress(); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return String.join(",", blocks.stream().map(Block::text).toList());
    }
}
