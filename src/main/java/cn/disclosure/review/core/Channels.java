package cn.disclosure.review.core;

import cn.disclosure.review.web.ProblemException;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Parsing of request values shared by the lifecycle endpoints, with Chinese 400 answers. */
public final class Channels {
    private Channels() {
    }

    /**
     * A publishing channel (drafts, decisions, publications, the register, webhooks): 400
     * {@code channel-required}, {@code unknown-channel}, or {@code not-a-publishing-channel} for
     * OA and EMAIL, which are checked but never published.
     */
    public static Channel parse(String s) {
        Channel c = parseAny(s);
        if (!c.publishing) {
            throw notPublishing(c);
        }
        return c;
    }

    /** Any channel, the check-and-reminder channels included ({@code /api/v1/check}, {@code /api/v1/reminders}). */
    public static Channel parseAny(String s) {
        if (s == null || s.isBlank()) {
            throw ProblemException.badRequest("channel-required", "请指定发布渠道（channel）")
                    .with("allowedChannels", names(Channel.publishingChannels()));
        }
        try {
            return Channel.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("unknown-channel", "未知的发布渠道：" + s)
                    .with("allowedChannels", names(Arrays.asList(Channel.values())));
        }
    }

    /** The 400 answer for OA / EMAIL where only publishing channels make sense. */
    public static ProblemException notPublishing(Channel c) {
        return ProblemException.badRequest("not-a-publishing-channel",
                        c.label + "（" + c.name() + "）不是发布渠道：只能做保密检查和查看保密提醒，不能起草、审批、发布或登记")
                .with("channel", c.name())
                .with("allowedChannels", names(Channel.publishingChannels()));
    }

    private static List<String> names(List<Channel> channels) {
        return channels.stream().map(Enum::name).toList();
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
