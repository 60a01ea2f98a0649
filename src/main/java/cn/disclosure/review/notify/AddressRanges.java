package cn.disclosure.review.notify;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which addresses a webhook may never reach (unless allow-listed): everything that is not a
 * globally routed unicast address. IPv4 after the IANA special-purpose registry; IPv6 only inside
 * global unicast 2000::/3, and IPv6 forms that embed an IPv4 address (IPv4-mapped, IPv4-compatible,
 * NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4 address they carry.
 * Pure functions on resolved addresses: no DNS, no traffic.
 */
public final class AddressRanges {

    /** Why an address is refused; the label is what the owner of the webhook reads. */
    public enum Category {
        UNSPECIFIED("未指定地址（0.0.0.0 / ::）"),
        LOOPBACK("本机回环地址"),
        LINK_LOCAL("链路本地地址（含云平台元数据地址 169.254.169.254）"),
        PRIVATE("内网（私有）地址"),
        SHARED("运营商级 NAT 共享地址（100.64.0.0/10）"),
        MULTICAST("组播地址"),
        BROADCAST("广播地址"),
        DOCUMENTATION("文档示例专用地址"),
        RESERVED("保留或非公网地址");

        public final String label;

        Category(String label) {
            this.label = label;
        }
    }

    private AddressRanges() {
    }

    /** The category that forbids {@code address}, or empty for a globally routed unicast address. */
    public static Optional<Category> classify(InetAddress address) {
        if (address instanceof Inet4Address) {
            return ipv4(address.getAddress());
        }
        if (address instanceof Inet6Address) {
            return ipv6(address.getAddress());
        }
        return Optional.of(Category.RESERVED);
    }

    static Optional<Category> ipv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 0) {
            return Optional.of(Category.UNSPECIFIED);                              // 0.0.0.0/8 "this network"
        }
        if (a0 == 127) {
            return Optional.of(Category.LOOPBACK);                                 // 127.0.0.0/8
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return Optional.of(Category.PRIVATE);                                  // RFC 1918
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return Optional.of(Category.SHARED);                                   // 100.64.0.0/10 (RFC 6598)
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of(Category.LINK_LOCAL);                               // 169.254.0.0/16
        }
        if ((a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return Optional.of(Category.DOCUMENTATION);                            // TEST-NET-1/2/3
        }
        if ((a0 == 192 && a1 == 0 && a2 == 0)                                      // 192.0.0.0/24 IETF protocol assignments
                || (a0 == 192 && a1 == 88 && a2 == 99)                             // 192.88.99.0/24 6to4 relay anycast
                || (a0 == 198 && (a1 & 0xfe) == 18)) {                             // 198.18.0.0/15 benchmarking
            return Optional.of(Category.RESERVED);
        }
        if ((a0 & 0xf0) == 224) {
            return Optional.of(Category.MULTICAST);                                // 224.0.0.0/4
        }
        if (a0 == 255 && a1 == 255 && a2 == 255 && (b[3] & 0xff) == 255) {
            return Optional.of(Category.BROADCAST);                                // 255.255.255.255
        }
        if ((a0 & 0xf0) == 240) {
            return Optional.of(Category.RESERVED);                                 // 240.0.0.0/4
        }
        return Optional.empty();
    }

    static Optional<Category> ipv6(byte[] b) {
        if (allZero(b, 0, 16)) {
            return Optional.of(Category.UNSPECIFIED);                              // ::
        }
        if (allZero(b, 0, 15) && b[15] == 1) {
            return Optional.of(Category.LOOPBACK);                                 // ::1
        }
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return ipv4Inside(b, 12);                                              // ::ffff:a.b.c.d IPv4-mapped
        }
        if (allZero(b, 0, 12)) {
            Optional<Category> embedded = ipv4Inside(b, 12);                       // ::a.b.c.d IPv4-compatible (deprecated)
            return Optional.of(embedded.orElse(Category.RESERVED));
        }
        if (b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            if (allZero(b, 4, 12)) {
                return ipv4Inside(b, 12);                                          // 64:ff9b::/96 NAT64 well-known prefix
            }
            return Optional.of(Category.PRIVATE);                                  // 64:ff9b:1::/48 local-use NAT64 and the rest
        }
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return Optional.of(Category.PRIVATE);                                  // fc00::/7 unique local
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0x80) {
            return Optional.of(Category.LINK_LOCAL);                               // fe80::/10
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return Optional.of(Category.PRIVATE);                                  // fec0::/10 site-local (deprecated)
        }
        if (first == 0xff) {
            return Optional.of(Category.MULTICAST);                                // ff00::/8
        }
        if ((first & 0xe0) != 0x20) {
            return Optional.of(Category.RESERVED);                                 // outside global unicast 2000::/3
        }
        if (first == 0x20 && b[1] == 0x02) {
            return ipv4Inside(b, 2);                                               // 2002::/16 6to4: 2002:AABB:CCDD::
        }
        if (first == 0x20 && b[1] == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) {
            return Optional.of(Category.DOCUMENTATION);                            // 2001:db8::/32
        }
        if (first == 0x3f && (b[1] & 0xff) == 0xff && (b[2] & 0xf0) == 0x00) {
            return Optional.of(Category.DOCUMENTATION);                            // 3fff::/20 (RFC 9637)
        }
        if (first == 0x20 && b[1] == 0x01 && (b[2] & 0xfe) == 0x00) {
            return Optional.of(Category.RESERVED);                                 // 2001::/23 IETF protocol assignments (Teredo, benchmarking, ORCHID)
        }
        return Optional.empty();
    }

    private static Optional<Category> ipv4Inside(byte[] b, int offset) {
        return ipv4(new byte[]{b[offset], b[offset + 1], b[offset + 2], b[offset + 3]});
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** An address from its bytes, without any lookup. */
    static InetAddress of(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address of " + bytes.length + " bytes", e);
        }
    }
}
