package cn.disclosure.review.mailgate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The review of one message, said to people: for the SMTP refusal, the X-Review-* header fields and
 * the notice to the sender. It names what was found and where (subject, body, "attachment 2"), never
 * the matched text, a lexicon term, a file name or the subject itself: SMTP replies end up in mail
 * logs and header fields travel with the message.
 */
final class ReviewReport {
    /** At most this many reasons are listed one by one; the rest are counted. */
    static final int MAX_REASONS = 8;
    /** What a plain (non-SMTPUTF8) client reads instead of the Chinese 保密提醒. */
    static final String ENGLISH_REMINDER = "Reminder: state secrets must not be stored, processed or sent by e-mail on the Internet.";

    record Reason(MailContent.Location where, String zh, String en, String severity, int count) {
        String zhText() {
            return where.zh() + "：" + zh + (count > 1 ? "（" + count + " 处）" : "");
        }

        String enText() {
            return where.en() + ": " + en + (count > 1 ? " (" + count + ")" : "");
        }
    }

    final MailGateConfig.Verdict verdict;
    final List<ReviewClient.Finding> findings;
    final List<String> reminders;
    private final List<MailContent.File> files;

    ReviewReport(MailGateConfig.Verdict verdict, List<ReviewClient.Finding> findings, List<String> reminders,
                 List<MailContent.File> files) {
        this.verdict = verdict;
        this.findings = findings;
        this.reminders = reminders;
        this.files = files;
    }

    /** The finding categories, sorted, each once (the gate's log line). */
    List<String> categories() {
        return new ArrayList<>(new TreeSet<>(findings.stream().map(ReviewClient.Finding::category).toList()));
    }

    /** Findings of {@code severity} (BLOCK or WARN) grouped by where and what, in order of appearance. */
    List<Reason> reasons(String severity) {
        Map<String, Reason> out = new LinkedHashMap<>();
        for (ReviewClient.Finding f : findings) {
            if (!severity.equals(f.severity())) {
                continue;
            }
            MailContent.Location where = location(f.part());
            String[] what = label(f);
            String key = where.zh() + "|" + what[0];
            Reason r = out.get(key);
            out.put(key, new Reason(where, what[0], what[1], f.severity(), r == null ? 1 : r.count() + 1));
        }
        return new ArrayList<>(out.values());
    }

    /**
     * 554 5.7.1 with the reasons and the 保密提醒. An SMTPUTF8 client reads them in Chinese (UTF-8).
     * A plain client gets a short English first line, the reasons in English, then the same Chinese
     * lines as RFC 2047 encoded-words (pure ASCII; mail programs and logs that decode RFC 2047 show the
     * Chinese), and a last English line with the reference.
     */
    SmtpReply refusal(String reference, boolean utf8) {
        List<Reason> reasons = reasons("BLOCK");
        List<String> zh = new ArrayList<>();
        zh.add("邮件未发送：保密审查结论为“禁止发送”（BLOCK）");
        list(reasons, zh, true);
        zh.addAll(reminders);
        zh.add("请删除涉密或敏感内容后重新发送；如有疑问请联系本单位保密办。审查编号 " + reference);
        if (utf8) {
            return new SmtpReply(554, "5.7.1", zh);
        }
        List<String> lines = new ArrayList<>();
        lines.add("Message refused by the confidentiality review (verdict BLOCK)");
        list(reasons, lines, false);
        lines.add(ENGLISH_REMINDER);
        for (String z : zh) {
            lines.addAll(SmtpReply.encodedLines(z));
        }
        lines.add("Remove the classified or sensitive content and send again; ask your secrecy office. Reference " + reference);
        return new SmtpReply(554, "5.7.1", lines);
    }

    private static void list(List<Reason> reasons, List<String> lines, boolean zh) {
        for (int i = 0; i < reasons.size() && i < MAX_REASONS; i++) {
            lines.add((zh ? "原因：" : "Reason: ") + (zh ? reasons.get(i).zhText() : reasons.get(i).enText()));
        }
        if (reasons.size() > MAX_REASONS) {
            int more = reasons.size() - MAX_REASONS;
            lines.add(zh ? "另有 " + more + " 项原因" : "and " + more + " more reasons");
        }
    }

    /** The text of X-Review-Findings: every finding that is not INFO, grouped, in Chinese. */
    String findingsSummary() {
        List<String> parts = new ArrayList<>();
        for (Reason r : reasons("BLOCK")) {
            parts.add(r.zhText());
        }
        for (Reason r : reasons("WARN")) {
            parts.add(r.zhText());
        }
        return String.join("；", parts);
    }

    MailContent.Location location(String part) {
        String p = part == null ? "" : part;
        if (p.equals("title") || p.startsWith("title/") || p.startsWith("title#")) {
            return new MailContent.Location("邮件主题", "subject");
        }
        if (p.equals("body") || p.startsWith("body/") || p.startsWith("body#") || p.startsWith("body:")) {
            return new MailContent.Location("邮件正文或邮件头", "body or header fields");
        }
        if (p.equals("mail")) {
            return new MailContent.Location("邮件", "message");
        }
        MailContent.File best = null;
        for (MailContent.File f : files) {
            if (p.startsWith(f.name()) && (p.length() == f.name().length() || !Character.isLetterOrDigit(p.charAt(f.name().length())))
                    && (best == null || f.name().length() > best.name().length())) {
                best = f;
            }
        }
        return best != null ? best.label() : new MailContent.Location("邮件内容", "message content");
    }

    /** What a finding is, in Chinese and English, from its rule (and its category where the rule is new). */
    static String[] label(ReviewClient.Finding f) {
        String rule = f.rule() == null ? "" : f.rule();
        if (rule.startsWith("mark.internal")) {
            return new String[]{"内部事项标识（“内部”“工作秘密”等）", "internal-use marking"};
        }
        if (rule.startsWith("mark.")) {
            return new String[]{"国家秘密标志（密级标识）", "classification mark"};
        }
        if (rule.startsWith("pii.id-card")) {
            return new String[]{"居民身份证号码", "ID card number"};
        }
        if (rule.startsWith("pii.bank-card")) {
            return new String[]{"银行卡号", "bank card number"};
        }
        if (rule.startsWith("pii.mobile")) {
            return new String[]{"手机号码", "mobile phone number"};
        }
        if (rule.startsWith("term.")) {
            return new String[]{"敏感词", "sensitive term"};
        }
        if (rule.startsWith("hidden.")) {
            return new String[]{"隐藏内容（阅读时看不到的文字）", "hidden content"};
        }
        if (rule.startsWith("mail.")) {
            return new String[]{"无法审查的邮件内容（" + mailProblem(rule.substring(5)) + "）", "content the gate could not check ("
                    + rule.substring(5) + ")"};
        }
        if (rule.startsWith("unreadable.")) {
            return new String[]{"无法完整读取的内容（加密、损坏或超出限制）", "content that could not be read completely"};
        }
        if (rule.startsWith("active-content.")) {
            return new String[]{"脚本等活动内容", "active content"};
        }
        return switch (f.category()) {
            case "CLASSIFICATION_MARK" -> new String[]{"密级或内部标识", "classification or internal marking"};
            case "PERSONAL_INFO" -> new String[]{"个人信息", "personal information"};
            case "SENSITIVE_TERM" -> new String[]{"敏感词", "sensitive term"};
            case "HIDDEN_CONTENT" -> new String[]{"隐藏内容", "hidden content"};
            case "UNREADABLE" -> new String[]{"无法完整读取的内容", "content that could not be read completely"};
            case "ACTIVE_CONTENT" -> new String[]{"脚本等活动内容", "active content"};
            case "EXCERPT" -> new String[]{"摘录受保护文件的内容", "passage of a protected document"};
            default -> new String[]{"需要注意的内容", "finding"};
        };
    }

    private static String mailProblem(String code) {
        return switch (code) {
            case "malformed" -> "邮件结构无法解析";
            case "undecodable-part" -> "有无法解码的部分";
            case "too-deep" -> "嵌套层数过多";
            case "too-large" -> "超过大小限制";
            default -> code;
        };
    }
}
