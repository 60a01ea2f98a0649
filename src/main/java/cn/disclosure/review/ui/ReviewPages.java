package cn.disclosure.review.ui;

import cn.disclosure.review.core.Roles;
import cn.disclosure.review.review.DecisionInput;
import cn.disclosure.review.review.DecisionService;
import cn.disclosure.review.review.QueueItem;
import cn.disclosure.review.review.ReviewQueue;
import cn.disclosure.review.web.ProblemException;
import cn.disclosure.review.web.Refusals;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The 审查页 of one draft's current revision, with the reviewer's decision form. (Each page class
 * has its own full path: a class at a shorter common prefix such as {@code /ui} would take every
 * {@code /ui/…} request away from the other page classes.)
 */
@Path("/ui/reviews")
@Produces(MediaType.TEXT_HTML)
public class ReviewPages {
    /** Tells the refusal audit the problem code of a page answered with a refusal status. */
    @Inject
    CurrentVertxRequest current;

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance review(ReviewView page, DraftPage draft);
    }

    /**
     * The review page around a {@link DraftPage}: whether the caller decides now (and which step),
     * what they typed when a decision was refused, and the message to show.
     */
    public record ReviewView(boolean myStep, int step, String stepLabel, String flash, String error, String opinion,
                             String justification) {
    }

    @Inject
    ReviewQueue queue;
    @Inject
    DecisionService decisions;
    @Inject
    DraftPageLoader loader;

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.DEPT_REVIEWER, Roles.SECRECY_OFFICE, Roles.LEADER})
    @Operation(hidden = true)
    public TemplateInstance review(@PathParam("id") long id, @RestQuery String done) {
        return page(id, flash(done), "", "", "");
    }

    @POST
    @Path("{id}/decision")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.DEPT_REVIEWER, Roles.SECRECY_OFFICE, Roles.LEADER})
    @Operation(hidden = true)
    public Response decide(@PathParam("id") long id, @RestForm String decision, @RestForm String opinion,
                           @RestForm String justification, @RestForm String contentHash, @RestForm Integer step) {
        try {
            decisions.decide(id, new DecisionInput(decision, opinion, contentHash, justification, step));
        } catch (ProblemException e) {
            Refusals.mark(current.getCurrent(), e.problem().status, e.problem().code);
            return Response.status(e.problem().status)
                    .entity(page(id, "", e.problem().detail, opinion, justification)).build();
        }
        String code = decision == null ? "" : decision.trim().toUpperCase(Locale.ROOT);
        return Response.seeOther(URI.create("/ui/reviews/" + id + "?done=" + code)).build();
    }

    private TemplateInstance page(long id, String flash, String error, String opinion, String justification) {
        DraftPage draft = loader.load(id);
        Optional<QueueItem> mine = draft.isInReview()
                ? queue.forCaller(null, null).stream().filter(q -> q.draftId() == id).findFirst()
                : Optional.empty();
        return Templates.review(new ReviewView(mine.isPresent(), mine.map(QueueItem::step).orElse(0),
                mine.map(QueueItem::stepLabel).orElse(""), flash, error == null ? "" : error,
                opinion == null ? "" : opinion, justification == null ? "" : justification), draft);
    }

    /** The message after a decision was recorded (fixed texts only: the query parameter is not shown). */
    private static String flash(String done) {
        if (done == null) {
            return "";
        }
        return switch (done) {
            case "APPROVE" -> "已审查同意。";
            case "RETURN" -> "已退回修改，编辑将看到您的意见。";
            case "REJECT" -> "已作出不予公开的决定。";
            default -> "";
        };
    }
}
