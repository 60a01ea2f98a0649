package cn.disclosure.review.mailgate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The gate's settings, from environment variables ({@code MAIL_GATE_*}, see deploy/mail/README.md).
 * Every value is checked at start; a bad one stops the gate with a message naming the variable.
 */
public record MailGateConfig(
        InetSocketAddress listen,
        InetSocketAddress nextHop,
        URI serviceUrl,
        String user,
        String password,
        String hostname,
        long maxMessageBytes,
        int maxFilesPerCheck,
        int maxDepth,
        int maxConnections,
        int maxRecipients,
        Duration smtpTimeout,
        Duration nextHopTimeout,
        Duration connectTimeout,
        Duration checkTimeout,
        Set<Verdict> notifyOn,
        String noticeFrom,
        ClientAllowList allowedClients,
        Path dataDir,
        Duration spoolRetry) {

    /** The verdicts of the review service as the gate acts on them. */
    public enum Verdict {
        PASS, WARN, BLOCK
    }

    public static MailGateConfig fromEnvironment(Map<String, String> env) {
        Env e = new Env(env);
        String password = e.get("MAIL_GATE_PASSWORD", null);
        String passwordFile = e.get("MAIL_GATE_PASSWORD_FILE", null);
        if (password == null && passwordFile != null) {
            try {
                password = Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8).strip();
            } catch (IOException ex) {
                throw new IllegalArgumentException("MAIL_GATE_PASSWORD_FILE：无法读取 " + passwordFile);
            }
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("请设置 MAIL_GATE_PASSWORD 或 MAIL_GATE_PASSWORD_FILE（邮件审查网关服务账号的密码）");
        }
        URI service = e.uri("MAIL_GATE_SERVICE_URL", "http://127.0.0.1:8080");
        return new MailGateConfig(
                e.address("MAIL_GATE_LISTEN", "127.0.0.1:10025"),
                e.address("MAIL_GATE_NEXT_HOP", "127.0.0.1:10026"),
                service,
                e.get("MAIL_GATE_USER", "mailgate"),
                password,
                e.hostname("MAIL_GATE_HOSTNAME", "mail-gate.localdomain"),
                e.bytes("MAIL_GATE_MAX_MESSAGE_BYTES", "25M"),
                e.integer("MAIL_GATE_MAX_FILES_PER_CHECK", 20, 1, 1000),
                e.integer("MAIL_GATE_MAX_DEPTH", 8, 1, 50),
                e.integer("MAIL_GATE_MAX_CONNECTIONS", 20, 1, 1000),
                e.integer("MAIL_GATE_MAX_RECIPIENTS", 1000, 1, 100000),
                e.duration("MAIL_GATE_SMTP_TIMEOUT", "300s"),
                e.duration("MAIL_GATE_NEXT_HOP_TIMEOUT", "300s"),
                e.duration("MAIL_GATE_CONNECT_TIMEOUT", "10s"),
                e.duration("MAIL_GATE_CHECK_TIMEOUT", "180s"),
                e.verdicts("MAIL_GATE_NOTIFY", ""),
                e.get("MAIL_GATE_NOTICE_FROM", "postmaster"),
                ClientAllowList.parse(e.get("MAIL_GATE_ALLOWED_CLIENTS", ClientAllowList.LOOPBACK)),
                e.path("MAIL_GATE_DATA_DIR", "/var/lib/review-mail-gate"),
                e.duration("MAIL_GATE_SPOOL_RETRY", "60s"));
    }

    /** The same settings with another next hop and service URL (tests). */
    public MailGateConfig with(InetSocketAddress newNextHop, URI newServiceUrl) {
        return new MailGateConfig(listen, newNextHop, newServiceUrl, user, password, hostname, maxMessageBytes,
                maxFilesPerCheck, maxDepth, maxConnections, maxRecipients, smtpTimeout, nextHopTimeout, connectTimeout,
                checkTimeout, notifyOn, noticeFrom, allowedClients, dataDir, spoolRetry);
    }

    @Override
    public String toString() {
        return "MailGateConfig[listen=" + listen + ", nextHop=" + nextHop + ", serviceUrl=" + serviceUrl + ", user=" + user
                + ", maxMessageBytes=" + maxMessageBytes + ", dataDir=" + dataDir + ", notifyOn=" + notifyOn + ", allowedClients=" + allowedClients + "]";
    }

    private record Env(Map<String, String> env) {
        String get(String name, String def) {
            String v = env.get(name);
            return v == null || v.isBlank() ? def : v.strip();
        }

        InetSocketAddress address(String name, String def) {
            String v = get(name, def);
            int colon = v.lastIndexOf(':');
            if (colon <= 0) {
                throw bad(name, "应为 主机:端口，例如 127.0.0.1:10025");
            }
            String host = v.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(v.substring(colon + 1));
            } catch (NumberFormatException ex) {
                throw bad(name, "端口无效");
            }
            if (port < 0 || port > 65535) {
                throw bad(name, "端口无效");
            }
            return new InetSocketAddress(host, port);
        }

        URI uri(String name, String def) {
            String v = get(name, def);
            try {
                URI u = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
                if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
                        || u.getRawUserInfo() != null) {
                    throw bad(name, "应为 http(s)://主机[:端口] 形式的地址，且不含账号密码");
                }
                return u;
            } catch (IllegalArgumentException ex) {
                if (ex.getMessage() != null && ex.getMessage().startsWith(name)) {
                    throw ex;
                }
                throw bad(name, "地址无效");
            }
        }

        Path path(String name, String def) {
            String v = get(name, def);
            try {
                Path p = Path.of(v);
                if (!p.isAbsolute() || v.chars().anyMatch(c -> c < 0x20)) {
                    throw bad(name, "应为绝对路径，例如 /var/lib/review-mail-gate");
                }
                return p.normalize();
            } catch (java.nio.file.InvalidPathException ex) {
                throw bad(name, "路径无效");
            }
        }

        String hostname(String name, String def) {
            String v = get(name, def);
            if (!v.matches("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")) {
                throw bad(name, "主机名无效");
            }
            return v;
        }

        long bytes(String name, String def) {
            String v = get(name, def).toUpperCase(Locale.ROOT);
            long unit = 1;
            if (v.endsWith("K")) {
                unit = 1024;
            } else if (v.endsWith("M")) {
                unit = 1024 * 1024;
            }
            try {
                long n = Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1)) * unit;
                if (n < 1024 || n > 1024L * 1024 * 1024) {
                    throw bad(name, "应在 1K 与 1024M 之间");
                }
                return n;
            } catch (NumberFormatException ex) {
                throw bad(name, "应为字节数，例如 26214400 或 25M");
            }
        }

        int integer(String name, int def, int min, int max) {
            String v = get(name, Integer.toString(def));
            try {
                int n = Integer.parseInt(v);
                if (n < min || n > max) {
                    throw bad(name, "应在 " + min + " 与 " + max + " 之间");
                }
                return n;
            } catch (NumberFormatException ex) {
                throw bad(name, "应为整数");
            }
        }

        Duration duration(String name, String def) {
            String v = get(name, def).toLowerCase(Locale.ROOT);
            try {
                Duration d;
                if (v.endsWith("ms")) {
                    d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                } else if (v.endsWith("s")) {
                    d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
                } else if (v.endsWith("m")) {
                    d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
                } else {
                    d = Duration.ofSeconds(Long.parseLong(v));
                }
                if (d.isNegative() || d.isZero() || d.toHours() > 24) {
                    throw bad(name, "应在 1ms 与 24 小时之间");
                }
                return d;
            } catch (NumberFormatException ex) {
                throw bad(name, "应为时长，例如 300s、5m 或 500ms");
            }
        }

        Set<Verdict> verdicts(String name, String def) {
            Set<Verdict> out = EnumSet.noneOf(Verdict.class);
            for (String s : get(name, def).split("[,\\s]+")) {
                if (s.isBlank() || s.equalsIgnoreCase("none") || s.equalsIgnoreCase("off")) {
                    continue;
                }
                try {
                    Verdict v = Verdict.valueOf(s.toUpperCase(Locale.ROOT));
                    if (v == Verdict.PASS) {
                        throw bad(name, "只能是 warn、block 或二者（逗号分隔），none 表示不通知");
                    }
                    out.add(v);
                } catch (IllegalArgumentException ex) {
                    if (ex.getMessage() != null && ex.getMessage().startsWith(name)) {
                        throw ex;
                    }
                    throw bad(name, "只能是 warn、block 或二者（逗号分隔），none 表示不通知");
                }
            }
            return out;
        }

        private static IllegalArgumentException bad(String name, String why) {
            return new IllegalArgumentException(name + "：" + why);
        }
    }
}
