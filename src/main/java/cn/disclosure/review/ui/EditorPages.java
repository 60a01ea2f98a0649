package cn.disclosure.review.ui;

import cn.disclosure.review.core.ServiceZone;
import cn.disclosure.review.core.Roles;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.InspectionResult;
import cn.disclosure.review.core.Channel;
import cn.disclosure.review.core.Channels;
import cn.disclosure.review.intake.DraftInput;
import cn.disclosure.review.intake.DraftService;
import cn.disclosure.review.intake.DraftViews;
import cn.disclosure.review.workflow.Inspections;
import cn.disclosure.review.intake.Upload;
import cn.disclosure.review.inspect.InspectionEngine;
import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.publish.PublicationService;
import cn.disclosure.review.publish.PublishViews;
import cn.disclosure.review.reminder.Reminders;
import cn.disclosure.review.workflow.ApprovalChain;
import cn.disclosure.review.workflow.ReviewState;
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
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The editor's pages: 我的稿件, 提交稿件 with 预检 (the automatic inspection of the form's content,
 * nothing stored) and the status page of a draft with its edit form (a new revision), 送审 of a
 * draft kept back and 登记发布 of an approved one.
 */
@Path("/ui/drafts")
@Produces(MediaType.TEXT_HTML)
public class EditorPages {
    /** Tells the refusal audit the problem code of a page answered with a refusal status. */
    @Inject
    CurrentVertxRequest current;

    @CheckedTemplate(basePath = "ui", defaultName = CheckedTemplate.HYPHENATED_ELEMENT_NAME)
    static class Templates {
        static native TemplateInstance drafts(DraftsView page);

        static native TemplateInstance draftNew(NewDraftView page, DraftForm form);

        static native TemplateInstance draft(StatusView page, DraftPage draft, DraftForm form);
    }

    public record DraftRow(long id, String title, String channelLabel, String docNumber, String state, String stateLabel,
                           int revision, String verdict, String verdictLabel, String step, String updatedAt) {
    }

    public record DraftsView(List<DraftRow> rows, List<Option> states, boolean mine) {
    }

    /**
     * @param precheck the pre-check's findings placed in the title and body (attachments' findings listed only)
     */
    public record NewDraftView(List<String> reminders, boolean checked, String verdict, String verdictLabel,
                               Highlighter.Result precheck, String error) {
    }

    public record StatusView(String flash, String error, List<String> reminders, String publishUrl) {
    }

    @Inject
    DraftService drafts;
    @Inject
    Inspections inspections;
    @Inject
    Reminders reminders;
    @Inject
    PublicationService publications;
    @Inject
    DraftPageLoader loader;
    @Inject
    ServiceZone zone;

    @GET
    @RolesAllowed(Roles.EDITOR)
    @Operation(hidden = true)
    public TemplateInstance list(@RestQuery String state, @RestQuery String scope) {
        ReviewState s = Option.parse(ReviewState.class, state);
        boolean mine = !"department".equals(scope);
        List<DraftRow> rows = drafts.list(s, null, null, mine, 500).stream()
                .map(d -> new DraftRow(d.id(), d.title(), Labels.channel(d.channel()), nz(d.docNumber()), d.state(),
                        d.stateLabel(), d.revision(), d.verdict(), Labels.verdict(d.verdict()),
                        d.stepRole() == null ? "" : "第 " + d.currentStep() + " 步 " + ApprovalChain.label(d.stepRole()),
                        Labels.time(d.updatedAt(), zone.zone())))
                .toList();
        List<Option> states = Arrays.stream(ReviewState.values()).map(x -> new Option(x.name(), x.label, x == s)).toList();
        return Templates.drafts(new DraftsView(rows, states, mine));
    }

    @GET
    @Path("new")
    @RolesAllowed(Roles.EDITOR)
    @Operation(hidden = true)
    public TemplateInstance newDraft() {
        return Templates.draftNew(new NewDraftView(reminders.forChannel(Channel.WEBSITE), false, "", "", null, ""),
                form("", Channel.WEBSITE.name(), "", "", List.of()));
    }

    /** 预检 (action=check), 提交审查 (action=submit) or 暂存 (action=save) of the new-draft form. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.EDITOR)
    @Operation(hidden = true)
    public Response create(@RestForm String title, @RestForm String channel, @RestForm String docNumber,
                           @RestForm String body, @RestForm String action, @RestForm("file") List<FileUpload> files) {
        String text = lf(body);
        DraftForm typed = form(title, channel, docNumber, text, List.of());
        Channel c = Option.publishingChannel(channel);
        try {
            List<Upload> uploads = uploads(files);
            if ("check".equals(action)) {
                return Response.ok(precheck(c == null ? Channels.parse(channel) : c, nz(title), text, uploads, typed)).build();
            }
            DraftViews.Created created = drafts.create(new DraftInput(title, channel, null, text, docNumber, null, null,
                    !"save".equals(action), null), uploads);
            return Response.seeOther(URI.create("/ui/drafts/" + created.id() + "?done=" + ("save".equals(action) ? "saved" : "created")))
                    .build();
        } catch (ProblemException e) {
            Refusals.mark(current.getCurrent(), e.problem().status, e.problem().code);
            return Response.status(e.problem().status).entity(Templates.draftNew(new NewDraftView(
                    reminders.forChannel(c == null ? Channel.WEBSITE : c), false, "", "", null, e.problem().detail), typed)).build();
        }
    }

    private TemplateInstance precheck(Channel channel, String title, String body, List<Upload> uploads, DraftForm typed) {
        // one pass: the inspection's own parts carry the text the findings' offsets refer to
        InspectionEngine.Inspection full = inspections.inspectNow(channel, title, body,
                uploads.stream().map(Upload::asSubmittedFile).toList());
        InspectionResult result = full.result();
        List<ExtractedPart> parts = full.parts();
        List<Finding> findings = result.findings() == null ? List.of() : result.findings();
        String note = uploads.isEmpty() ? "" : "预检不保存任何内容：正式提交时请重新选择附件。";
        return Templates.draftNew(new NewDraftView(reminders.forChannel(channel), true, result.verdict().name(),
                Labels.verdict(result.verdict().name()), Highlighter.highlight(parts, findings), note), typed);
    }

    @GET
    @Path("{id}")
    @RolesAllowed(Roles.EDITOR)
    @Operation(hidden = true)
    public TemplateInstance status(@PathParam("id") long id, @RestQuery String done) {
        DraftPage draft = loader.load(id);
        return statusPage(draft, flash(done), "", "", current(draft));
    }

    /** The edit form: a new revision, sent for review (action=submit) or kept back (action=save). */
    @POST
    @Path("{id}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.EDITOR)
    @Operation(hidden = true)
    public Response revise(@PathParam("id") long id, @RestForm String title, @RestForm String channel,
                           @RestForm String docNumber, @RestForm String body, @RestForm String action,
                           @RestForm("keep") List<String> keep, @RestForm("file") List<FileUpload> files) {
        String text = lf(body);
        List<String> kept = keep == null ? List.of() : keep;
        try {
            drafts.revise(id, new DraftInput(title, channel, null, text, docNumber, null, null, !"save".equals(action), kept),
                    uploads(files));
            return Response.seeOther(URI.create("/ui/drafts/" + id + "?done=" + ("save".equals(action) ? "saved" : "revised"))).build();
        } catch (ProblemException e) {
            Refusals.mark(current.getCurrent(), e.problem().status, e.problem().code);
            DraftPage draft = loader.load(id);
            List<Option> keepOptions = draft.attachments().stream()
                    .map(a -> new Option(a.filename(), a.filename(), kept.contains(a.filename()))).toList();
            return Response.status(e.problem().status).entity(statusPage(draft, "", e.problem().detail, "",
                    form(title, channel, docNumber, text, keepOptions))).build();
        }
    }

    @POST
    @Path("{id}/submit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.EDITOR)
    @Operation(hidden = true)
    public Response submit(@PathParam("id") long id) {
        try {
            drafts.submit(id);
            return Response.seeOther(URI.create("/ui/drafts/" + id + "?done=submitted")).build();
        } catch (ProblemException e) {
            Refusals.mark(current.getCurrent(), e.problem().status, e.problem().code);
            DraftPage draft = loader.load(id);
            return Response.status(e.problem().status).entity(statusPage(draft, "", e.problem().detail, "", current(draft))).build();
        }
    }

    @POST
    @Path("{id}/publish")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.EDITOR)
    @Operation(hidden = true)
    public Response publish(@PathParam("id") long id, @RestForm String url) {
        try {
            publications.publish(id, new PublishViews.PublishRequest(null, url));
            return Response.seeOther(URI.create("/ui/drafts/" + id + "?done=published")).build();
        } catch (ProblemException e) {
            Refusals.mark(current.getCurrent(), e.problem().status, e.problem().code);
            DraftPage draft = loader.load(id);
            return Response.status(e.problem().status).entity(statusPage(draft, "", e.problem().detail, nz(url), current(draft)))
                    .build();
        }
    }

    private TemplateInstance statusPage(DraftPage draft, String flash, String error, String url, DraftForm form) {
        List<String> shown = draft.isApproved() ? reminders.forChannel(Channel.valueOf(draft.channel())) : List.of();
        return Templates.draft(new StatusView(flash, error, shown, url), draft, form);
    }

    /** The edit form filled with the current revision. */
    private static DraftForm current(DraftPage draft) {
        return form(draft.title(), draft.channel(), draft.docNumber(), draft.body(),
                draft.attachments().stream().map(a -> new Option(a.filename(), a.filename(), true)).toList());
    }

    private static DraftForm form(String title, String channel, String docNumber, String body, List<Option> keep) {
        Channel c = Option.publishingChannel(channel);
        List<Option> channels = Option.channels(c);
        return new DraftForm(nz(title), channels, nz(docNumber), nz(body), keep);
    }

    /** Files chosen in the form; an empty file input sends a part without a name, which is no attachment. */
    private List<Upload> uploads(List<FileUpload> files) {
        List<Upload> out = new ArrayList<>();
        if (files == null) {
            return out;
        }
        for (FileUpload f : files) {
            if ((f.fileName() == null || f.fileName().isBlank()) && f.size() == 0) {
                continue;
            }
            drafts.checkFileSize(f.fileName(), f.size());
            try {
                out.add(new Upload(f.fileName(), f.contentType(), Files.readAllBytes(f.uploadedFile())));
            } catch (IOException e) {
                throw ProblemException.badRequest("upload-unreadable", "上传的文件无法读取，请重新上传");
            }
        }
        return out;
    }

    /** A browser's form sends CRLF line breaks; the draft keeps the LF the editor typed. */
    private static String lf(String s) {
        return s == null ? "" : s.replace("\r\n", "\n");
    }

    private static String flash(String done) {
        if (done == null) {
            return "";
        }
        return switch (done) {
            case "created" -> "稿件已提交审查。";
            case "saved" -> "稿件已暂存为草稿，尚未送审。";
            case "revised" -> "已保存为新版本并送审，审批从第一步重新开始。";
            case "submitted" -> "稿件已送审。";
            case "published" -> "已登记发布。";
            default -> "";
        };
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
