package cn.disclosure.review.ui;

import cn.disclosure.review.core.Roles;
import cn.disclosure.review.core.ServiceZone;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.oversight.EvidenceFiles;
import cn.disclosure.review.oversight.SelfInspection;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** 自查自评: one department's checklist with the answer form, and the 保密办's roll-up. */
@Path("/ui/self-inspection")
@Produces(MediaType.TEXT_HTML)
public class SelfInspectionPages {

    @CheckedTemplate(basePath = "ui")
    static class Templates {
        static native TemplateInstance selfInspection(SheetView page);
    }

    public record Item(int number, String code, String text, boolean byDepartment, String answer, String rate,
                       String score, String basis, List<String> evidence, String answered, List<FileLink> files) {
    }

    /** An evidence file as the page lists it: name, hash, size, who and when; a link only for who may download. */
    public record FileLink(String name, String sha256, String size, String uploaded, String href) {
    }

    public record Line(String department, String score, int published, int answered, int unanswered, String link) {
    }

    public record SheetView(int year, String department, boolean office, String score, List<Item> items, boolean mayAnswer,
                            List<Line> rollUp, String xlsx, String pdf, String flash, String error, String maxEvidence) {
    }

    @Inject
    SelfInspection service;
    @Inject
    ServiceZone zone;
    @Inject
    CurrentUser user;
    @Inject
    CurrentVertxRequest current;
    @Inject
    EvidenceFiles evidenceFiles;

    @GET
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER, Roles.LEADER, Roles.ADMIN})
    @Operation(hidden = true)
    public Response page(@RestQuery String year, @RestQuery String department, @RestQuery String done) {
        int y = LocalDate.now(zone.zone()).getYear();
        if (Option.given(year)) {
            try {
                y = Integer.parseInt(year.trim());
            } catch (NumberFormatException e) {
                y = LocalDate.now(zone.zone()).getYear();
            }
        }
        try {
            String flash = "saved".equals(done) ? "已保存自查结果。" : "uploaded".equals(done) ? "已上传佐证文件。" : "";
            return Response.ok(view(y, department, flash, "")).build();
        } catch (ProblemException e) {
            Refusals.mark(current.getCurrent(), e.problem().status, e.problem().code);
            return Response.status(e.problem().status).entity(Templates.selfInspection(new SheetView(y, "", office(), "",
                    List.of(), false, List.of(), "", "", "", e.problem().detail, ""))).build();
        }
    }

    private TemplateInstance view(int year, String department, String flash, String error) {
        boolean office = office();
        String dept = Option.given(department) ? department.trim() : null;
        if (dept == null && office) {
            List<Line> lines = new ArrayList<>();
            for (SelfInspection.DepartmentScore d : service.rollUp(year).departments()) {
                lines.add(new Line(d.department(), String.valueOf(d.score()), d.published(), d.answered(), d.unanswered(),
                        "/ui/self-inspection?year=" + year + "&department=" + URLEncoder.encode(d.department(), StandardCharsets.UTF_8)));
            }
            return Templates.selfInspection(new SheetView(year, "", true, "", List.of(), false, lines,
                    "/api/v1/self-inspection/roll-up?year=" + year + "&format=xlsx",
                    "/api/v1/self-inspection/roll-up?year=" + year + "&format=pdf", flash, error, ""));
        }
        SelfInspection.Report r = service.report(year, dept);
        boolean mayDownload = user.has(Roles.SECRECY_OFFICE) || user.has(Roles.ADMIN)
                || user.has(Roles.DEPT_REVIEWER) && r.department().equals(user.department());
        List<Item> items = new ArrayList<>();
        int n = 1;
        for (SelfInspection.Row x : r.items()) {
            List<FileLink> files = new ArrayList<>();
            for (EvidenceFiles.FileInfo f : x.files()) {
                files.add(new FileLink(f.name(), f.sha256(), size(f.size()),
                        f.uploadedBy() + " " + Labels.time(f.uploadedAt(), zone.zone()), mayDownload ? f.href() : ""));
            }
            items.add(new Item(n++, x.code(), x.text(), "DEPARTMENT".equals(x.source()), x.answer(),
                    x.rate() == null ? "" : Math.round(x.rate() * 1000) / 10.0 + "%", String.valueOf(x.score()), x.basis(),
                    x.evidence(), x.answeredBy() == null ? "" : x.answeredBy() + " " + Labels.time(x.answeredAt(), zone.zone()),
                    files));
        }
        String q = "year=" + year + "&department=" + URLEncoder.encode(r.department(), StandardCharsets.UTF_8);
        boolean mayAnswer = user.has(Roles.SECRECY_OFFICE) || r.department().equals(user.department()) && user.has(Roles.DEPT_REVIEWER);
        return Templates.selfInspection(new SheetView(year, r.department(), office, String.valueOf(r.score()), items, mayAnswer,
                List.of(), "/api/v1/self-inspection?" + q + "&format=xlsx", "/api/v1/self-inspection?" + q + "&format=pdf",
                flash, error, size(evidenceFiles.maxBytes())));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER})
    @Operation(hidden = true)
    public Response answer(@RestForm String year, @RestForm String department, @RestForm("answer_SYSTEM") String system,
                           @RestForm("answer_LEADERSHIP") String leadership, @RestForm("answer_NO_MARKED_ONLINE") String noMarked,
                           @RestForm("answer_TRAINING") String training, @RestForm("evidence_SYSTEM") String eSystem,
                           @RestForm("evidence_LEADERSHIP") String eLeadership,
                           @RestForm("evidence_NO_MARKED_ONLINE") String eNoMarked, @RestForm("evidence_TRAINING") String eTraining) {
        int y;
        try {
            y = Integer.parseInt(year == null ? "" : year.trim());
        } catch (NumberFormatException e) {
            y = LocalDate.now(zone.zone()).getYear();
        }
        Map<String, SelfInspection.Answer> answers = new LinkedHashMap<>();
        put(answers, "SYSTEM", system, eSystem);
        put(answers, "LEADERSHIP", leadership, eLeadership);
        put(answers, "NO_MARKED_ONLINE", noMarked, eNoMarked);
        put(answers, "TRAINING", training, eTraining);
        try {
            service.answer(y, department, answers);
        } catch (ProblemException e) {
            Refusals.mark(current.getCurrent(), e.problem().status, e.problem().code);
            TemplateInstance page = e.problem().status == 403
                    ? Templates.selfInspection(new SheetView(y, "", office(), "", List.of(), false, List.of(), "", "", "", e.problem().detail, ""))
                    : view(y, department, "", e.problem().detail);
            return Response.status(e.problem().status).entity(page).build();
        }
        return Response.seeOther(URI.create("/ui/self-inspection?year=" + y + "&department="
                + URLEncoder.encode(department, StandardCharsets.UTF_8) + "&done=saved")).build();
    }

    /** 上传佐证文件 (one file for one item), from the upload form under the checklist. */
    @POST
    @Path("evidence")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER})
    @Operation(hidden = true)
    public Response uploadEvidence(@RestForm String year, @RestForm String department, @RestForm String item,
                                   @RestForm("file") FileUpload file) {
        int y;
        try {
            y = Integer.parseInt(year == null ? "" : year.trim());
        } catch (NumberFormatException e) {
            y = LocalDate.now(zone.zone()).getYear();
        }
        String dept = department == null ? "" : department;
        try {
            byte[] content = null;
            long size = file == null ? 0 : file.size();
            if (file != null && size <= evidenceFiles.maxBytes()) {
                content = Files.readAllBytes(file.uploadedFile());
            }
            evidenceFiles.upload(y, dept, item, file == null ? null : file.fileName(), size, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ProblemException e) {
            Refusals.mark(current.getCurrent(), e.problem().status, e.problem().code);
            TemplateInstance page = e.problem().status == 403
                    ? Templates.selfInspection(new SheetView(y, "", office(), "", List.of(), false, List.of(), "", "", "", e.problem().detail, ""))
                    : view(y, dept, "", e.problem().detail);
            return Response.status(e.problem().status).entity(page).build();
        }
        return Response.seeOther(URI.create("/ui/self-inspection?year=" + y + "&department="
                + URLEncoder.encode(dept, StandardCharsets.UTF_8) + "&done=uploaded")).build();
    }

    private static String size(long bytes) {
        if (bytes >= 1024 * 1024) {
            return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : Math.round(bytes / 1024.0 / 1024 * 10) / 10.0 + " MB";
        }
        if (bytes >= 1024) {
            return bytes % 1024 == 0 ? bytes / 1024 + " KB" : Math.round(bytes / 1024.0 * 10) / 10.0 + " KB";
        }
        return bytes + " 字节";
    }

    private static void put(Map<String, SelfInspection.Answer> answers, String code, String answer, String evidence) {
        if (Option.given(answer)) {
            answers.put(code, new SelfInspection.Answer(answer, evidence));
        }
    }

    private boolean office() {
        return user.has(Roles.SECRECY_OFFICE) || user.has(Roles.LEADER) || user.has(Roles.ADMIN);
    }
}
