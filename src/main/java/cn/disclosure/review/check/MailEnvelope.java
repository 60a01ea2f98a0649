package cn.disclosure.review.check;

import cn.disclosure.review.core.Severity;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.Finding;

import cn.disclosure.review.web.ProblemException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The envelope of a message the mail gate (deploy/mail) checks: the sender, the recipients'
 * domains (never the recipients themselves), the gate's reference for the message, and what the
 * gate could not hand over for inspection. Only a MAIL_GATE account may send it, as extra fields
 * of the multipart {@code POST /api/v1/check}; it goes into the audit line of the check
 * ({@code MAIL_CHECKED}, or {@code MAIL_REFUSED} when the verdict is BLOCK) — no content.
 *
 * @param sender            the envelope sender as the gate received it, {@code <>} for the null sender
 * @param recipientDomains  the recipients' domains, lower case, each once
 * @param reference         the gate's reference of the message (also in its SMTP reply and headers)
 * @param problems          codes of {@link #PROBLEMS}: parts of the message the gate could not hand over
 */
public record MailEnvelope(String sender, List<String> recipientDomains, String reference, List<String> problems) {
    static final int MAX_SENDER = 320;
    static final int MAX_DOMAIN = 255;
    static final int MAX_RECIPIENT_DOMAINS = 1000;
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\\p{Cntrl}\"]+");
    private static final Pattern DOMAIN = Pattern.compile("[\\p{L}\\p{N}_](?:[\\p{L}\\p{N}._-]*[\\p{L}\\p{N}])?|\\[[0-9A-Fa-f:.]{2,64}]|\\[IPv6:[0-9A-Fa-f:.]{2,64}]");
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9-]{1,64}");

    /** What the gate may report it could not check, and what each means (Chinese, for the finding). */
    public static final Map<String, String> PROBLEMS = Map.of(
            "malformed", "邮件结构无法解析，内容无法审查",
            "undecodable-part", "邮件中有无法解码的部分（传输编码或字符集错误），该部分无法审查",
            "too-deep", "邮件嵌套层数过多，内层内容无法审查",
            "too-large", "邮件超过审查网关的大小限制，内容无法审查");

    /**
     * The envelope from the form fields, or null when none is given; 400 {@code bad-mail-envelope}
     * when a field is malformed.
     */
    static MailEnvelope of(String sender, List<String> recipients, String reference, List<String> problems) {
        if (!given(sender, recipients, reference, problems)) {
            return null;
        }
        List<String> rcpts = recipients == null ? List.of() : recipients;
        List<String> probs = problems == null ? List.of() : problems;
        return new MailEnvelope(sender(sender), domains(rcpts), reference(reference), problems(probs));
    }

    /** Whether any envelope field is present. */
    static boolean given(String sender, List<String> recipients, String reference, List<String> problems) {
        return sender != null || reference != null || (recipients != null && !recipients.isEmpty())
                || (problems != null && !problems.isEmpty());
    }

    private static String sender(String s) {
        if (s == null) {
            throw bad("缺少发件人 mailFrom（空发件人写作 <>）");
        }
        String v = s.strip();
        if (v.isEmpty() || v.equals("<>")) {
            return "<>";
        }
        if (v.length() > MAX_SENDER || !ADDRESS.matcher(v).matches()) {
            throw bad("发件人 mailFrom 格式无效");
        }
        return v;
    }

    private static List<String> domains(List<String> values) {
        if (values.isEmpty()) {
            throw bad("缺少收件人域名 mailRecipientDomain");
        }
        if (values.size() > MAX_RECIPIENT_DOMAINS) {
            throw bad("收件人域名过多（最多 " + MAX_RECIPIENT_DOMAINS + " 个）");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String value : values) {
            String v = value == null ? "" : value.strip();
            int at = v.lastIndexOf('@');
            if (at >= 0) {
                v = v.substring(at + 1); // a whole address was sent: keep only its domain
            }
            v = v.toLowerCase(Locale.ROOT);
            if (v.endsWith(".")) {
                v = v.substring(0, v.length() - 1);
            }
            if (v.isEmpty() || v.length() > MAX_DOMAIN || !DOMAIN.matcher(v).matches()) {
                throw bad("收件人域名 mailRecipientDomain 格式无效");
            }
            out.add(v);
        }
        return new ArrayList<>(out);
    }

    private static String reference(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        if (!REFERENCE.matcher(s.strip()).matches()) {
            throw bad("邮件编号 mailRef 格式无效（字母、数字和连字符，最多 64 个）");
        }
        return s.strip();
    }

    private static List<String> problems(List<String> values) {
        Set<String> out = new LinkedHashSet<>();
        for (String p : values) {
            String v = p == null ? "" : p.strip();
            if (!PROBLEMS.containsKey(v)) {
                throw bad("未知的邮件问题代码 mailProblem（可选 " + String.join("、", PROBLEMS.keySet().stream().sorted().toList()) + "）");
            }
            out.add(v);
        }
        return new ArrayList<>(out);
    }

    /** The findings of the problems: BLOCK, as the gate could not hand the content over (fail closed). */
    List<Finding> problemFindings() {
        return problems.stream().sorted().map(p -> new Finding(Category.UNREADABLE, Severity.BLOCK, "", 0, 0, "mail",
                "mail." + p, PROBLEMS.get(p) + "；无法审查的邮件不能发出", "", 1.0)).toList();
    }

    private static ProblemException bad(String message) {
        return ProblemException.badRequest("bad-mail-envelope", message);
    }
}
