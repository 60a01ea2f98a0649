package cn.disclosure.review.ui;

import cn.disclosure.review.core.ServiceZone;
import cn.disclosure.review.core.Roles;
import cn.disclosure.review.core.Verdict;
import cn.disclosure.review.core.Channel;
import cn.disclosure.review.review.ReviewQueue;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** 我的待审: the revisions awaiting the signed-in reviewer's step, oldest first, filtered by channel and verdict. */
@Path("/ui/queue")
@Produces(MediaType.TEXT_HTML)
public class QueuePage {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance queue(QueueView page);
    }

    /** A line of the queue. */
    public record QueueRow(long draftId, int revision, String title, String channelLabel, String department,
                           String submitter, String docNumber, String stepLabel, String verdict, String verdictLabel,
                           String waiting, String waitingSince) {
    }

    public record QueueView(List<QueueRow> rows, List<Option> channels, List<Option> verdicts, String error) {
    }

    @Inject
    ReviewQueue queue;
    @Inject
    ServiceZone zone;

    @GET
    @RolesAllowed({Roles.DEPT_REVIEWER, Roles.SECRECY_OFFICE, Roles.LEADER})
    @Operation(hidden = true)
    public TemplateInstance queue(@RestQuery String channel, @RestQuery String verdict) {
        Channel c = Option.publishingChannel(channel);
        Verdict v = Option.parse(Verdict.class, verdict);
        String error = (c == null && Option.given(channel)) || (v == null && Option.given(verdict)) ? "筛选条件无效，已显示全部待审稿件" : "";
        OffsetDateTime now = OffsetDateTime.now();
        List<QueueRow> rows = queue.forCaller(c, v).stream()
                .map(q -> new QueueRow(q.draftId(), q.revision(), q.title(), q.channelLabel(), q.department(), q.submitter(),
                        q.docNumber() == null ? "" : q.docNumber(), q.stepLabel(), q.verdict(), Labels.verdict(q.verdict()),
                        Labels.waiting(q.waitingSince(), now), Labels.time(q.waitingSince(), zone.zone())))
                .toList();
        List<Option> channels = Option.channels(c);
        List<Option> verdicts = Arrays.stream(Verdict.values())
                .map(x -> new Option(x.name(), Labels.verdict(x.name()), x == v)).toList();
        return Templates.queue(new QueueView(rows, channels, verdicts, error));
    }
}
