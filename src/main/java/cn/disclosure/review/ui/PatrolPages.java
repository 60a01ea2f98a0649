package cn.disclosure.review.ui;

import cn.disclosure.review.core.Roles;
import cn.disclosure.review.core.ServiceZone;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.patrol.PatrolService;
import cn.disclosure.review.patrol.PatrolView;
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
import java.util.Arrays;
import java.util.List;

/** 巡检 pages: the runs with the start form, and one run with its progress and problems (diffs, 整改 items). */
@Path("/ui/patrols")
@Produces(MediaType.TEXT_HTML)
public class PatrolPages {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance patrols(ListView page);

        static native TemplateInstance patrol(DetailView page);
    }

    public record Line(long id, String status, String statusLabel, String trigger, int done, int total, int pages,
                       int skipped, int problems, String startedBy, String startedAt, String finishedAt) {
    }

    public record ListView(List<Line> patrols, boolean mayStart, boolean running, String error) {
    }

    public record ProblemLine(String type, String typeLabel, String url, Long publicationId, String title, String department,
                              String detail, List<String> findings, List<PageDiffLine> diff, Long rectificationId) {
    }

    public record PageDiffLine(boolean deleted, boolean inserted, String text) {
    }

    public record DetailView(Line patrol, boolean running, List<String> sitemaps, List<ProblemLine> problems, String flash) {
    }

    @Inject
    PatrolService patrols;
    @Inject
    ServiceZone zone;
    @Inject
    CurrentUser user;
    @Inject
    CurrentVertxRequest current;

    @GET
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.LEADER, Roles.ADMIN})
    @Operation(hidden = true)
    public Response list() {
        return listPage("", 200);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.ADMIN})
    @Operation(hidden = true)
    public Response start(@RestForm String sitemaps) {
        List<String> urls = sitemaps == null ? List.of()
                : Arrays.stream(sitemaps.split("[\\r\\n]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        long id;
        try {
            id = patrols.start(urls, "MANUAL", user.username());
        } catch (ProblemException e) {
            Refusals.mark(current.getCurrent(), e.problem().status, e.problem().code);
            return listPage(e.problem().detail, e.problem().status);
        }
        return Response.seeOther(URI.create("/ui/patrols/" + id + "?done=started")).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.LEADER, Roles.ADMIN})
    @Operation(hidden = true)
    public Response detail(@PathParam("id") long id, @RestQuery String done) {
        PatrolView p = patrols.get(id);
        List<ProblemLine> problems = p.problems().stream().map(x -> new ProblemLine(x.type(), x.typeLabel(), x.url(),
                x.publicationId(), x.title() == null ? "" : x.title(), x.department() == null ? "" : x.department(),
                x.detail() == null ? "" : x.detail(),
                x.findings().stream().map(f -> Labels.severity(cn.disclosure.review.core.Severity.valueOf(f.severity())) + "：" + f.message() + "（" + Labels.part(f.part()) + "，规则 " + f.rule() + "）").toList(),
                x.diff().stream().map(d -> new PageDiffLine("-".equals(d.op()), "+".equals(d.op()), d.text())).toList(),
                x.rectificationId())).toList();
        boolean running = "RUNNING".equals(p.status());
        Response.ResponseBuilder r = Response.ok(Templates.patrol(new DetailView(line(p), running, p.sitemaps(), problems,
                "started".equals(done) ? "巡检已开始，在后台进行；进行期间本页每 3 秒刷新一次进度。" : "")));
        // while it runs the page reloads itself (no script: the Refresh header)
        return running ? r.header("Refresh", "3").build() : r.build();
    }

    private Response listPage(String error, int status) {
        List<Line> lines = patrols.list().stream().map(this::line).toList();
        boolean running = lines.stream().anyMatch(l -> "RUNNING".equals(l.status()));
        ListView view = new ListView(lines, user.has(Roles.SECRECY_OFFICE) || user.has(Roles.ADMIN), running, error);
        return Response.status(status).entity(Templates.patrols(view)).build();
    }

    private Line line(PatrolView p) {
        String label = switch (p.status()) {
            case "RUNNING" -> "进行中";
            case "DONE" -> "已完成";
            case "FAILED" -> "失败";
            default -> p.status();
        };
        return new Line(p.id(), p.status(), label, "SCHEDULED".equals(p.trigger()) ? "定时" : "手动", p.progress().done(),
                p.progress().total(), p.pages(), p.skipped(), p.problemCount(), p.startedBy(), Labels.time(p.startedAt(), zone.zone()),
                p.finishedAt() == null ? "" : Labels.time(p.finishedAt(), zone.zone()));
    }
}
