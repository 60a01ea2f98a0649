package cn.disclosure.review.check;

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
    public CheckResponse checkFiles(@RestForm("file") List<FileUpload> files, @RestForm String channel,
                                    @RestForm String text, @RestForm String title,
                                    @RestForm String mailFrom, @RestForm("mailRecipientDomain") List<String> mailRecipientDomains,
                                    @RestForm String mailRef, @RestForm("mailProblem") List<String> mailProblems) {
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
        return checks.check(channel, title, text, submitted, mail);
    }
}
