package cn.disclosure.review.check;

import cn.disclosure.review.core.Channels;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.InspectionEngine;
import cn.disclosure.review.inspect.InspectionRequest;
import cn.disclosure.review.inspect.InspectionResult;
import cn.disclosure.review.audit.RoutineAuditWriter;
import cn.disclosure.review.extract.SubmittedFile;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.core.Channel;
import cn.disclosure.review.reminder.Reminders;
import cn.disclosure.review.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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
        Channel channel = Channels.parse(channelName);
        if (isBlank(text) && isBlank(title) && files.isEmpty()) {
            throw ProblemException.badRequest("nothing-to-check", "没有需要检查的内容：请提供 text 或上传文件");
        }
        InspectionResult result = engine.inspect(new InspectionRequest(channel, title, text, files));
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
        audit.append("CHECK", user.username(), "check", null, details);
        return new CheckResponse(result.verdict(), result.findings(), reminders.forChannel(channel),
                result.lexiconVersions(), result.parts(), result.elapsedMs());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
