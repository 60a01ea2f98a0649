package cn.disclosure.review.check;

import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.inspect.InspectionProgress;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import cn.disclosure.review.inspect.InspectConfig;
import cn.disclosure.review.extract.SubmittedFile;
import cn.disclosure.review.core.Roles;
import cn.disclosure.review.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import cn.disclosure.review.web.NulCharacters;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

@Path("/api/v1/check")
@Tag(name = "发布前检查")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CMS, Roles.EDITOR, Roles.DEPT_REVIEWER, Roles.SECRECY_OFFICE, Roles.LEADER, Roles.MAIL_GATE})
public class CheckResource {
    @Inject
    CheckService checks;
    @Inject
    InspectConfig config;
    @Inject
    CheckJobs jobs;
    @Inject
    CurrentUser user;
    /** Files larger than this in one check are checked in the background (202 + location). */
    @ConfigProperty(name = "review.check.async.above", defaultValue = "4M")
    MemorySize asyncAbove;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "检查稿件文本", description = "对正文（纯文本或 HTML）做保密检查，返回结论、发现项和保密提醒；不保存内容")
    public CheckResponse checkText(@Valid CheckRequest request) {
        if (request == null) {
            throw ProblemException.badRequest("nothing-to-check", "请求体为空");
        }
        return checks.check(request.channel(), request.title(), request.text(), List.of());
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "检查附件", description = "multipart/form-data：一个或多个 file、channel，可选 text、title；不保存内容。"
            + "邮件审查网关（MAIL_GATE）另可提交信封字段 mailFrom、mailRecipientDomain（可重复）、mailRef、mailProblem（可重复），"
            + "审计记录为 MAIL_CHECKED 或 MAIL_REFUSED（BLOCK），只记发件人、收件人域名和发现类别")
    public Response checkFiles(@RestForm("file") List<FileUpload> files, @RestForm String channel,
                                    @RestForm String text, @RestForm String title,
                                    @RestForm String mailFrom, @RestForm("mailRecipientDomain") List<String> mailRecipientDomains,
                                    @RestForm String mailRef, @RestForm("mailProblem") List<String> mailProblems,
                                    @HeaderParam("Prefer") String prefer) {
        NulCharacters.check("channel", channel);
        NulCharacters.check("text", text);
        NulCharacters.check("title", title);
        NulCharacters.check("mailFrom", mailFrom);
        NulCharacters.check("mailRef", mailRef);
        if ((channel != null && channel.length() > 30) || (title != null && title.length() > 500)) {
            throw new ProblemException(400, "invalid-input", "请求内容不符合要求：channel 不能超过 30 个字符，title 不能超过 500 个字符");
        }
        MailEnvelope mail = checks.envelope(mailFrom, mailRecipientDomains, mailRef, mailProblems);
        List<FileUpload> uploads = files == null ? List.of() : files;
        if (uploads.size() > config.check().maxFiles()) {
            throw ProblemException.badRequest("too-many-files", "一次最多检查 " + config.check().maxFiles() + " 个文件");
        }
        List<SubmittedFile> submitted = new ArrayList<>(uploads.size());
        for (FileUpload upload : uploads) {
            try {
                submitted.add(new SubmittedFile(upload.fileName(), Files.readAllBytes(upload.uploadedFile())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        CheckService.Prepared prepared = checks.prepare(channel, title, text, submitted, mail);
        long bytes = submitted.stream().mapToLong(f -> f.bytes().length).sum();
        boolean later = mail == null && (bytes > asyncAbove.asLongValue()
                || (prefer != null && prefer.toLowerCase(java.util.Locale.ROOT).contains("respond-async")));
        if (!later) {
            return Response.ok(checks.run(prepared, InspectionProgress.NONE)).build();
        }
        // a large file (or a caller that asked for it): 202 at once, the answer at the location when ready
        String id = jobs.start(prepared);
        String location = "/api/v1/check/jobs/" + id;
        return Response.accepted(new Pending("RUNNING", new Progress(0, 0, "排队等待检查"), location))
                .location(java.net.URI.create(location)).header("Retry-After", "2").build();
    }

    /** The 202 answer while a check runs. */
    public record Pending(String status, Progress progress, String location) {
    }

    public record Progress(int done, int total, String stage) {
    }

    @GET
    @Path("/jobs/{id}")
    @Operation(summary = "大文件检查的结果", description = "POST /api/v1/check 对大文件答复 202 与 Location；检查进行中答复 202 与进度，"
            + "完成后答复 200 与检查结果。结果只在本实例内存中保留一段时间，只有提交检查的账号可以读取")
    public Response job(@PathParam("id") String id) {
        CheckJobs.State state = jobs.state(id, user.username());
        if (state instanceof CheckJobs.Done d) {
            return Response.ok(d.response()).build();
        }
        if (state instanceof CheckJobs.Failed f) {
            throw f.problem();
        }
        CheckJobs.Running r = (CheckJobs.Running) state;
        return Response.accepted(new Pending("RUNNING", new Progress(r.done(), r.total(), r.stage()), "/api/v1/check/jobs/" + id))
                .header("Retry-After", "2").build();
    }
}
