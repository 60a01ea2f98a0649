package cn.disclosure.review.mailgate;

import java.nio.charset.StandardCharsets;

/**
 * The header fields the gate puts on top of a message it lets through: {@code X-Review-Verdict}
 * (PASS or WARN), {@code X-Review-Findings} and {@code X-Review-Reminder} (WARN: what was found
 * where, and the 保密提醒, as RFC 2047 encoded-words in UTF-8, one per line) and
 * {@code X-Review-Reference}. ASCII only, so they fit any message, 7-bit or not.
 */
final class ReviewHeaders {
    private ReviewHeaders() {
    }

    static byte[] of(ReviewReport report, String reference) {
        StringBuilder b = new StringBuilder();
        b.append("X-Review-Verdict: ").append(report.verdict.name()).append("\r\n");
        if (report.verdict != MailGateConfig.Verdict.PASS) {
            String findings = report.findingsSummary();
            if (!findings.isEmpty()) {
                b.append(field("X-Review-Findings", findings));
            }
            if (!report.reminders.isEmpty()) {
                b.append(field("X-Review-Reminder", String.join(" ", report.reminders)));
            }
        }
        b.append("X-Review-Reference: ").append(reference).append("\r\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Octets of text in one encoded-word: 30 octets are 40 base64 characters, a 52-character word. */
    static final int WORD_OCTETS = 30;

    /**
     * One field, its value as RFC 2047 encoded-words (UTF-8, base64), each holding whole characters,
     * one word per line: no line is longer than 78 characters, whatever the field name (up to 24).
     */
    static String field(String name, String value) {
        StringBuilder out = new StringBuilder(name).append(':');
        boolean first = true;
        for (String word : SmtpReply.encodedWords(SmtpReply.clean(value), WORD_OCTETS)) {
            out.append(first ? " " : "\r\n ").append(word);
            first = false;
        }
        return out.append("\r\n").toString();
    }
}
