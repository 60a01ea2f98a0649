package cn.disclosure.review.core;

import cn.disclosure.review.web.ProblemException;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/** Parsing of request values shared by the lifecycle endpoints, with Chinese 400 answers. */
public final class Channels {
    private Channels() {
    }

    public static Channel parse(String s) {
        if (s == null || s.isBlank()) {
            throw ProblemException.badRequest("channel-required", "请指定发布渠道（channel）")
                    .with("allowedChannels", Arrays.stream(Channel.values()).map(Enum::name).toList());
        }
        try {
            return Channel.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("unknown-channel", "未知的发布渠道：" + s)
                    .with("allowedChannels", Arrays.stream(Channel.values()).map(Enum::name).toList());
        }
    }

    public static Verdict parseVerdict(String s) {
        try {
            return Verdict.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("unknown-verdict", "未知的检查结论：" + s + "（可选 PASS、WARN、BLOCK）");
        }
    }

    /** An ISO date-time with offset, or without offset / a bare date read in {@code zone}; null stays null. */
    public static OffsetDateTime parseTime(String s, ZoneId zone, String field) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String v = s.trim();
        try {
            return OffsetDateTime.parse(v);
        } catch (DateTimeParseException ignored) {
            // try the forms without offset
        }
        try {
            return LocalDateTime.parse(v).atZone(zone).toOffsetDateTime();
        } catch (DateTimeParseException ignored) {
            // try a bare date
        }
        try {
            return LocalDate.parse(v).atStartOfDay(zone).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("bad-date", field + " 的日期时间格式无效：" + s + "（示例：2026-12-01 或 2026-12-01T09:00:00+08:00）");
        }
    }
}
