package cn.disclosure.review.ui;

import cn.disclosure.review.core.Roles;
import cn.disclosure.review.core.ServiceZone;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.oversight.ItemInput;
import cn.disclosure.review.oversight.Problems;
import cn.disclosure.review.oversight.PublicationFacts;
import cn.disclosure.review.oversight.SpotCheckInput;
import cn.disclosure.review.oversight.SpotCheckReport;
import cn.disclosure.review.oversight.SpotCheckReports;
import cn.disclosure.review.oversight.SpotCheckViews;
import cn.disclosure.review.oversight.SpotChecks;
import cn.disclosure.review.web.InputRules;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * 抽查 pages: the list with the draw form, one check with its items and the forms to record results
 * and close it, and the 通报 (with xlsx and PDF links to the API).
 */
@Path("/ui/spot-checks")
@Produces(MediaType.TEXT_HTML)
public class SpotCheckPages {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance spotChecks(ListView page);

        static native TemplateInstance spotCheck(DetailView page);

        static native TemplateInstance spotCheckReport(ReportView page);
    }

    public record Line(long id, String kindLabel, String title, String department, String period, String status,
                       String statusLabel, int frameSize, int sampleSize, int recorded, int problems, String createdBy,
                       String createdAt) {
    }

    public record ListView(List<Line> checks, boolean mayDraw, boolean office, String ownDepartment, String from, String to,
                           String error) {
    }

    public record ItemLine(int position, long publicationId, String title, String department, String channel, String url,
                           String publishedAt, boolean approvalComplete, List<String> steps, List<String> exceptions,
                           List<String> registerGaps, String verdict, String verdictLabel, List<String> findings,
                           String result, String resultLabel, String problemLabel, String note, String deadline,
                           String recorded, String rectification, String patrol, String patrolOutcome) {
    }

    public record DetailView(SpotCheckViews.Detail check, String period, String createdAt, String closedAt,
                             List<ItemLine> items, List<Option> problems, boolean open, boolean mayRecord,
                             int unrecorded, String verification, boolean verified, String flash, String error) {
    }

    public record ReportView(SpotCheckReport report, String drawnAt, String closedAt, String xlsx, String pdf,
                             List<ProblemRow> problems) {
    }

    public record ProblemRow(long publicationId, String title, String department, String problemLabel, String note,
                             String deadline, String status, boolean overdue) {
    }

    @Inject
    SpotChecks checks;
    @Inject
    SpotCheckReports reports;
    @Inject
    ServiceZone zone;
    @Inject
    CurrentUser user;
    @Inject
    InputRules rules;
    @Inject
    CurrentVertxRequest current;

    @GET
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER, Roles.LEADER, Roles.ADMIN})
    @Operation(hidden = true)
    public TemplateInstance list() {
        return listPage("", "", "");
    }

    private TemplateInstance listPage(String from, String to, String error) {
        List<Line> lines = new ArrayList<>();
        for (SpotCheckViews.Summary s : checks.list(200)) {
            lines.add(new Line(s.id(), s.kindLabel(), s.title(), s.department() == null ? "全部部门" : s.department(),
                    s.from() + " 至 " + s.to(), s.status(), statusLabel(s.status()), s.frameSize(), s.sampleSize(),
                    s.recorded(), s.problems(), s.createdBy(), Labels.time(s.createdAt(), zone.zone())));
        }
        boolean office = user.has(Roles.SECRECY_OFFICE);
        boolean mayDraw = office || user.has(Roles.DEPT_REVIEWER);
        LocalDate today = LocalDate.now(zone.zone());
        return Templates.spotChecks(new ListView(lines, mayDraw, office, user.department() == null ? "" : user.department(),
                from.isEmpty() ? today.withDayOfMonth(1).toString() : from, to.isEmpty() ? today.toString() : to, error));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER})
    @Operation(hidden = true)
    public Response draw(@RestForm String from, @RestForm String to, @RestForm String size, @RestForm String department,
                         @RestForm String seed, @RestForm String title, @RestForm String basis,
                         @RestForm String strataDepartment, @RestForm String strataChannel) {
        List<String> strata = new ArrayList<>();
        if (strataDepartment != null) {
            strata.add("department");
        }
        if (strataChannel != null) {
            strata.add("channel");
        }
        try {
            Integer n = null;
            if (Option.given(size)) {
                try {
                    n = Integer.valueOf(size.trim());
                } catch (NumberFormatException e) {
                    throw ProblemException.badRequest("bad-size", "样本量须为整数");
                }
            }
            SpotCheckInput in = rules.valid(new SpotCheckInput(from, to, n, null, null, strata, blank(seed), blank(department),
                    blank(title), blank(basis)));
            SpotCheckViews.Created c = checks.draw(in);
            return Response.seeOther(URI.create("/ui/spot-checks/" + c.id() + "?done=drawn")).build();
        } catch (ProblemException e) {
            Refusals.mark(current.getCurrent(), e.problem().status, e.problem().code);
            return Response.status(e.problem().status).entity(listPage(nz(from), nz(to), e.problem().detail)).build();
        }
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER, Roles.LEADER, Roles.ADMIN})
    @Operation(hidden = true)
    public TemplateInstance detail(@PathParam("id") long id, @RestQuery String done) {
        return detailPage(id, flash(done), "");
    }

    private TemplateInstance detailPage(long id, String flash, String error) {
        SpotCheckViews.Detail d = checks.detail(id);
        SpotCheckViews.Verification v = checks.verify(id);
        List<ItemLine> items = new ArrayList<>();
        int unrecorded = 0;
        for (SpotCheckViews.Item i : d.items()) {
            PublicationFacts.Facts f = i.publication();
            if (i.result() == null) {
                unrecorded++;
            }
            List<String> steps = f.approval().steps().stream()
                    .map(s -> s.roleLabel() + " " + (s.reviewer() == null ? "（无记录）" : s.reviewer() + " "
                            + Labels.decision(s.decision()) + " " + Labels.time(s.decidedAt(), zone.zone())))
                    .toList();
            List<String> findings = f.inspection() == null ? List.of() : f.inspection().findings().stream()
                    .map(x -> x.part() + "：" + x.message() + "（" + x.rule() + "）").toList();
            String rect = i.rectification() == null ? "" : "整改事项 " + i.rectification().id() + " · "
                    + ("CLOSED".equals(i.rectification().status()) ? "已整改" : "整改中");
            items.add(new ItemLine(i.position(), f.publicationId(), f.title(), f.department(), f.channelLabel(), nz(f.url()),
                    Labels.time(f.publishedAt(), zone.zone()), f.approval().complete(), steps, f.approval().exceptions(),
                    f.registerGaps(), f.inspection() == null ? "" : f.inspection().verdict(),
                    f.inspection() == null ? "无检查结果" : Labels.verdict(f.inspection().verdict()), findings,
                    nz(i.result()), i.result() == null ? "未记录" : "OK".equals(i.result()) ? "无问题" : "有问题",
                    nz(i.problemLabel()), nz(i.note()), i.deadline() == null ? "" : i.deadline().toString(),
                    i.recordedBy() == null ? "" : i.recordedBy() + " " + Labels.time(i.recordedAt(), zone.zone()), rect,
                    i.latestPatrol() == null ? "从未巡检" : i.latestPatrol().label(),
                    i.latestPatrol() == null ? "NEVER" : i.latestPatrol().outcome()));
        }
        List<Option> problems = Problems.LABELS.entrySet().stream().map(e -> new Option(e.getKey(), e.getValue(), false)).toList();
        String verification = v.ok() ? "复核通过：用保存的种子重新抽取的样本一致，抽样框哈希一致，种子已记入审计日志第 " + v.auditSeq() + " 条"
                : "复核未通过：" + String.join("；", v.differences());
        if (v.ok() && !v.frameUnchanged()) {
            verification += "（注意：发布登记中该范围现有 " + v.frameSizeNow() + " 条，抽取时为 " + v.frameSize() + " 条）";
        }
        return Templates.spotCheck(new DetailView(d, d.from() + " 至 " + d.to(), Labels.time(d.createdAt(), zone.zone()),
                Labels.time(d.closedAt(), zone.zone()), items, problems, "OPEN".equals(d.status()), d.mayRecord(), unrecorded,
                verification, v.ok(), flash, error));
    }

    @POST
    @Path("{id}/items/{publicationId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER})
    @Operation(hidden = true)
    public Response record(@PathParam("id") long id, @PathParam("publicationId") long publicationId, @RestForm String result,
                           @RestForm String problem, @RestForm String note, @RestForm String deadline) {
        try {
            checks.record(id, publicationId, rules.valid(new ItemInput(result, "OK".equals(result) ? null : blank(problem),
                    blank(note), blank(deadline))));
        } catch (ProblemException e) {
            Refusals.mark(current.getCurrent(), e.problem().status, e.problem().code);
            return Response.status(e.problem().status).entity(detailPage(id, "", e.problem().detail)).build();
        }
        return Response.seeOther(URI.create("/ui/spot-checks/" + id + "?done=recorded#item-" + publicationId)).build();
    }

    @POST
    @Path("{id}/close")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER})
    @Operation(hidden = true)
    public Response close(@PathParam("id") long id, @RestForm String summary) {
        try {
            checks.close(id, blank(summary));
        } catch (ProblemException e) {
            Refusals.mark(current.getCurrent(), e.problem().status, e.problem().code);
            return Response.status(e.problem().status).entity(detailPage(id, "", e.problem().detail)).build();
        }
        return Response.seeOther(URI.create("/ui/spot-checks/" + id + "/report")).build();
    }

    @GET
    @Path("{id}/report")
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER, Roles.LEADER, Roles.ADMIN})
    @Operation(hidden = true)
    public TemplateInstance report(@PathParam("id") long id) {
        SpotCheckReport r = reports.report(id);
        List<ProblemRow> rows = r.problems().stream().map(p -> new ProblemRow(p.publicationId(), p.title(), p.department(),
                p.problemLabel(), nz(p.note()), p.deadline() == null ? "" : p.deadline().toString(), p.rectificationStatus(),
                p.overdue())).toList();
        return Templates.spotCheckReport(new ReportView(r, Labels.time(r.drawnAt(), zone.zone()),
                Labels.time(r.closedAt(), zone.zone()), "/api/v1/spot-checks/" + id + "/report?format=xlsx",
                "/api/v1/spot-checks/" + id + "/report?format=pdf", rows));
    }

    private static String statusLabel(String status) {
        return "CLOSED".equals(status) ? "已结束" : "进行中";
    }

    private static String flash(String done) {
        if (done == null) {
            return "";
        }
        return switch (done) {
            case "drawn" -> "已完成抽取，种子和抽样框哈希已记入审计日志。";
            case "recorded" -> "已记录检查结果。";
            default -> "";
        };
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
