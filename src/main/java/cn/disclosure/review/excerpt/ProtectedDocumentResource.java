package cn.disclosure.review.excerpt;

import cn.disclosure.review.core.Roles;
import cn.disclosure.review.extract.ContentExtractor;
import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.extract.Extraction;
import cn.disclosure.review.extract.SubmittedFile;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.web.NulCharacters;
import cn.disclosure.review.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

@Path("/api/v1/protected-documents")
@Tag(name = "受保护文件")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SECRECY_OFFICE, Roles.ADMIN})
public class ProtectedDocumentResource {
    @Inject
    ProtectedDocumentService service;
    @Inject
    ContentExtractor extractor;
    @Inject
    CurrentUser user;
    @ConfigProperty(name = "review.excerpt.max-file-bytes", defaultValue = "52428800")
    long maxFileBytes;

    /** JSON registration: the text is fingerprinted and dropped. */
    public record TextInput(String title, String level, String text) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "登记受保护文件（文本）",
            description = "JSON {title, level?, text}。只保存由密钥生成的指纹，不保存原文；此后任何稿件、检查或发布闸口内容中与该文件连续 30 个字"
                    + "（不计标点和空白，繁简、全角半角视为相同）相同的段落均为 BLOCK（EXCERPT）。")
    public Response registerText(TextInput input) {
        if (input == null) {
            throw ProblemException.badRequest("nothing-to-register", "请求体为空");
        }
        NulCharacters.check("title", input.title());
        NulCharacters.check("level", input.level());
        return created(service.register(input.title(), input.level(), input.text(), 0, user.username()));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "登记受保护文件（文件）",
            description = "multipart/form-data：file（Word、PDF、OFD、图片等，按检查时的方式提取文字，含 OCR）、title、可选 level。"
                    + "文件读取后即丢弃，只保存指纹。")
    public Response registerFile(@RestForm("file") FileUpload file, @RestForm String title, @RestForm String level) {
        NulCharacters.check("title", title);
        NulCharacters.check("level", level);
        if (file == null) {
            throw ProblemException.badRequest("file-missing", "请上传受保护文件（file）");
        }
        byte[] bytes;
        try {
            if (Files.size(file.uploadedFile()) > maxFileBytes) {
                throw new ProblemException(413, "file-too-large", "文件超过大小限制（" + maxFileBytes / (1024 * 1024) + " MB）");
            }
            bytes = Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Extraction extraction = extractor.extractFile(new SubmittedFile(file.fileName(), bytes));
        StringBuilder text = new StringBuilder();
        for (ExtractedPart part : extraction.parts()) {
            if (part.origin() != ExtractedPart.Origin.METADATA && part.text() != null) {
                text.append(part.text()).append('\n');
            }
        }
        bytes = null;
        if (text.isEmpty() && !extraction.problems().isEmpty()) {
            throw new ProblemException(422, "protected-file-unreadable", "无法从文件中读取文字，未登记");
        }
        return created(service.register(title, level, text.toString(), extraction.problems().size(), user.username()));
    }

    private static Response created(ProtectedDocumentService.Summary s) {
        return Response.status(201).entity(s).build();
    }

    @GET
    @Operation(summary = "受保护文件列表", description = "标题、密级、字数、指纹数、登记人和时间；不含任何原文")
    public List<ProtectedDocumentService.Summary> list() {
        return service.list();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "删除受保护文件", description = "删除其全部指纹；此后不再据此判定摘录")
    public Response delete(@PathParam("id") long id) {
        service.delete(id, user.username());
        return Response.noContent().build();
    }
}
