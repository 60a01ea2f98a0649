package cn.disclosure.review.ui;

import cn.disclosure.review.core.Roles;
import cn.disclosure.review.core.ServiceZone;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.rectify.RectificationService;
import cn.disclosure.review.rectify.RectificationView;
import cn.disclosure.review.web.ProblemException;
import cn.disclosure.review.web.Refusals;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
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
import java.util.List;

/** 整改事项: problems found in published items, open ones first; the 保密办 closes them here. */
@Path("/ui/rectifications")
@Produces(MediaType.TEXT_HTML)
public class RectificationsPage {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance rectifications(RectificationsView page);
    }

    public record Row(long id, long publicationId, String title, String url, String department, String source,
                      String summary, String deadline, boolean open, String status, String closedLine) {
    }

    public record RectificationsView(List<Row> rows, List<Option> statuses, String department, boolean canClose,
                                     String flash, String error) {
    }

    @Inject
    RectificationService service;
    @Inject
    ServiceZone zone;
    @Inject
    CurrentUser user;
    @Inject
    CurrentVertxRequest current;

    @GET
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER, Roles.EDITOR, Roles.LEADER})
    @Operation(hidden = true)
    public Response page(@RestQuery String status, @RestQuery String department, @RestQuery String done) {
        return render(status, department, "closed".equals(done) ? "整改事项已关闭。" : "", "", 200);
    }

    @POST
    @Path("{id}/close")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.SECRECY_OFFICE)
    @Operation(hidden = true)
    public Response close(@PathParam("id") long id, @RestForm String closing, @RestForm String justification) {
        try {
            service.close(id, closing, justification);
        } catch (ProblemException e) {
            Refusals.mark(current.getCurrent(), e.problem().status, e.problem().code);
            return render("OPEN", null, "", e.problem().detail, e.problem().status);
        }
        return Response.seeOther(URI.create("/ui/rectifications?status=OPEN&done=closed")).build();
    }

    private Response render(String status, String department, String flash, String error, int code) {
        String s = status == null ? "OPEN" : status.trim();
        List<Row> rows = List.of();
        String err = error;
        int httpStatus = code;
        try {
            rows = service.list(s.isEmpty() || "ALL".equalsIgnoreCase(s) ? null : s, department).stream().map(this::row).toList();
        } catch (ProblemException e) {
            err = e.problem().detail;
            httpStatus = e.problem().status;
        }
        List<Option> statuses = List.of(new Option("OPEN", "待整改", "OPEN".equalsIgnoreCase(s)),
                new Option("CLOSED", "已关闭", "CLOSED".equalsIgnoreCase(s)),
                new Option("ALL", "全部", s.isEmpty() || "ALL".equalsIgnoreCase(s)));
        RectificationsView view = new RectificationsView(rows, statuses, department == null ? "" : department,
                user.has(Roles.SECRECY_OFFICE), flash, err);
        return Response.status(httpStatus).entity(Templates.rectifications(view)).build();
    }

    private Row row(RectificationView r) {
        String source = switch (r.sourceType()) {
            case "RESCAN" -> "重新检查" + (r.sourceId() == null ? "" : " #" + r.sourceId());
            case "PATROL" -> "巡检" + (r.sourceId() == null ? "" : " #" + r.sourceId());
            case "SPOT_CHECK" -> "抽查";
            default -> r.sourceType();
        };
        boolean open = "OPEN".equals(r.status());
        String closed = open ? "" : ("WITHDRAWN".equals(r.closing()) ? "已撤稿" : "保留：" + (r.justification() == null ? "" : r.justification()))
                + "（" + r.closedBy() + " " + Labels.time(r.closedAt(), zone.zone()) + "）";
        return new Row(r.id(), r.publicationId(), r.title(), r.url() == null ? "" : r.url(), r.department(), source,
                r.summary(), r.deadline() == null ? "" : r.deadline().toString(), open, open ? "待整改" : "已关闭", closed);
    }
}
