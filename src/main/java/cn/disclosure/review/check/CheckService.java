package cn.disclosure.review.check;

import cn.disclosure.review.core.Channels;
import cn.disclosure.review.core.Verdict;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.InspectionEngine;
import cn.disclosure.review.inspect.InspectionProgress;
import cn.disclosure.review.inspect.InspectionRequest;
import cn.disclosure.review.inspect.InspectionResult;
import cn.disclosure.review.audit.RoutineAuditWriter;
import cn.disclosure.review.extract.SubmittedFile;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.core.Channel;
import cn.disclosure.review.core.Roles;
import cn.disclosure.review.reminder.Reminders;
import cn.disclosure.review.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The check a CMS plugin or an editor runs before publishing: inspect, add the channel's
 * reminders, and keep nothing but an audit line with the verdict and counts (no content, no
 * file names, no matched text).
 */
@ApplicationScoped
public class CheckService {
    @Inject
    InspectionEngine engine;
    @Inject
    Reminders reminders;
    @Inject
    RoutineAuditWriter audit;
    @Inject
    CurrentUser user;

    public CheckResponse check(String channelName, String title, String text, List<SubmittedFile> files) {
        return check(channelName, title, text, files, null);
    }

    /** The mail envelope of a check's form fields (null when none is given): 403 unless the caller is a MAIL_GATE account. */
    public MailEnvelope envelope(String sender, List<String> recipientDomains, String reference, List<String> problems) {
        if (MailEnvelope.given(sender, recipientDomains, reference, problems) && !user.has(Roles.MAIL_GATE)) {
            throw mailFieldsNotAllowed();
        }
        return MailEnvelope.of(sender, recipientDomains, reference, problems);
    }

    private static ProblemException mailFieldsNotAllowed() {
        return ProblemException.forbidden("mail-fields-not-allowed", "只有邮件审查网关账号（MAIL_GATE）可以提交邮件信封字段");
    }

    /**
     * A check; with {@code mail} (the mail gate's envelope, MAIL_GATE accounts only) the audit line
     * is {@code MAIL_REFUSED} when the verdict is BLOCK — the gate refuses the message — and
     * {@code MAIL_CHECKED} otherwise, with the sender, the recipients' domains and the finding
     * categories; what the gate could not hand over becomes a BLOCK finding (fail closed).
     */
    public CheckResponse check(String channelName, String title, String text, List<SubmittedFile> files, MailEnvelope mail) {
        return run(prepare(channelName, title, text, files, mail), InspectionProgress.NONE);
    }

    /** A validated check, with the caller's name taken while the request is in scope: it may run on another thread. */
    public record Prepared(Channel channel, String title, String text, List<SubmittedFile> files, MailEnvelope mail,
                           String actor) {
    }

    /** Validates a check in the request's scope (roles, channel, content): every refusal comes before any work. */
    public Prepared prepare(String channelName, String title, String text, List<SubmittedFile> files, MailEnvelope mail) {
        if (mail != null && !user.has(Roles.MAIL_GATE)) {
            throw mailFieldsNotAllowed();
        }
        Channel channel = Channels.parseAny(channelName);
        if (mail != null && channel != Channel.EMAIL) {
            throw ProblemException.badRequest("mail-channel-required", "邮件检查的渠道必须是 EMAIL（政务邮箱）");
        }
        boolean problemsOnly = mail != null && !mail.problems().isEmpty();
        if (isBlank(text) && isBlank(title) && files.isEmpty() && !problemsOnly) {
            throw ProblemException.badRequest("nothing-to-check", "没有需要检查的内容：请提供 text 或上传文件");
        }
        return new Prepared(channel, title, text, List.copyOf(files), mail, user.username());
    }

    /** Runs a prepared check: inspect, audit line, answer. Needs no request scope. */
    public CheckResponse run(Prepared p, InspectionProgress progress) {
        Channel channel = p.channel();
        MailEnvelope mail = p.mail();
        List<SubmittedFile> files = p.files();
        InspectionResult result = isBlank(p.text()) && isBlank(p.title()) && files.isEmpty()
                ? new InspectionResult(Verdict.PASS, List.of(), Map.of(), List.of(), 0)
                : engine.inspectFully(new InspectionRequest(channel, p.title(), p.text(), files), progress).result();
        if (mail != null && !mail.problems().isEmpty()) {
            List<Finding> findings = new ArrayList<>(mail.problemFindings());
            findings.addAll(result.findings());
            List<String> parts = new ArrayList<>(List.of("mail"));
            parts.addAll(result.parts());
            result = new InspectionResult(Verdict.BLOCK, List.copyOf(findings), result.lexiconVersions(), List.copyOf(parts),
                    result.elapsedMs());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("channel", channel.name());
        details.put("verdict", result.verdict().name());
        details.put("findings", result.findings().size());
        for (Category c : Category.values()) {
            long n = result.findings().stream().filter(f -> f.category() == c).count();
            if (n > 0) {
                details.put(c.name(), n);
            }
        }
        details.put("files", files.size());
        details.put("lexiconVersions", result.lexiconVersions());
        if (mail == null) {
            audit.append("CHECK", p.actor(), "check", null, details);
        } else {
            details.put("sender", mail.sender());
            details.put("recipientDomains", mail.recipientDomains());
            details.put("categories", result.findings().stream().map(f -> f.category().name()).distinct().sorted().toList());
            if (!mail.problems().isEmpty()) {
                details.put("mailProblems", mail.problems());
            }
            audit.append(result.verdict() == Verdict.BLOCK ? "MAIL_REFUSED" : "MAIL_CHECKED", p.actor(), "mail",
                    mail.reference(), details);
        }
        return new CheckResponse(result.verdict(), result.findings(), reminders.forChannel(channel),
                result.lexiconVersions(), result.parts(), result.elapsedMs());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
