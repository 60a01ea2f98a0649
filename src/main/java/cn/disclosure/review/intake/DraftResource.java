package cn.disclosure.review.intake;

import cn.disclosure.review.identity.Roles;
import cn.disclosure.review.review.ReviewState;
import cn.disclosure.review.web.NulCharacters;
import cn.disclosure.review.web.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Draft endpoints. A draft is sent either as JSON or as multipart/form-data with a {@code draft}
 * part (the same JSON) and any number of {@code file} parts (the attachments, in order).
 */
@Path("/api/v1/drafts")
@Tag(name = "稿件", description = "提交稿件、修改（新版本）、送审与查看")
@Produces(MediaType.APPLICATION_JSON)
public class DraftResource {
    static final String DRAFT_PART = "draft";
    static final String FILE_PART = "file";
    private static final String READERS_NOTE = "编辑和科室负责人只能查看本部门稿件";

    @Inject
    DraftService drafts;
    @Inject
    ObjectMapper json;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.EDITOR)
    @Operation(summary = "提交稿件", description = "创建稿件并送审（\"submit\": false 时暂存为草稿），"
            + "自动检查后返回 201 {id, revision, contentHash, state, inspection}。所属部门默认为提交人所在部门，编辑只能为本部门提交。"
            + "请求体为稿件 JSON，或 multipart/form-data：draft 部分为稿件 JSON，file 部分为附件（可多个，按顺序）；"
            + "附件超过 review.intake.* 配置的大小限制时 413。")
    public Response create(DraftInput input) {
        return Response.status(201).entity(drafts.create(input, List.of())).build();
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.EDITOR)
    @Operation(summary = "提交稿件（含附件）", description = "multipart/form-data：draft 部分为稿件 JSON，file 部分为附件（可多个）。"
            + "附件超过 review.intake.* 配置的大小限制时 413。")
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(implementation = DraftForm.class)))
    public Response createWithFiles(MultipartFormDataInput form) {
        return Response.status(201).entity(drafts.create(draftPart(form), files(form))).build();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.EDITOR)
    @Operation(summary = "修改稿件（生成新版本）", description = "每次修改生成不可变的新版本，审批链重新开始（\"submit\": false 时回到草稿）。"
            + "未提供的字段沿用上一版本；keepAttachments 省略时保留全部附件，给出列表时只保留所列附件。"
            + "请求体为稿件 JSON，或 multipart/form-data（draft 部分 + file 部分，新增附件与保留的同名附件替换）。返回 200，形状同提交。")
    public Response revise(@PathParam("id") long id, DraftInput input) {
        return Response.ok(drafts.revise(id, input, List.of())).build();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.EDITOR)
    @Operation(summary = "修改稿件（含附件，生成新版本）", description = "multipart/form-data：draft 部分为稿件 JSON，file 部分为新增附件（同名则替换）。")
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(implementation = DraftForm.class)))
    public Response reviseWithFiles(@PathParam("id") long id, MultipartFormDataInput form) {
        return Response.ok(drafts.revise(id, draftPart(form), files(form))).build();
    }

    @POST
    @Path("/{id}/submit")
    @RolesAllowed(Roles.EDITOR)
    @Operation(summary = "送审暂存的草稿", description = "草稿 → 审查中；其他状态 409（附当前状态与允许的操作）")
    public DraftViews.Created submit(@PathParam("id") long id) {
        return drafts.submit(id);
    }

    @GET
    @RolesAllowed({Roles.EDITOR, Roles.DEPT_REVIEWER, Roles.SECRECY_OFFICE, Roles.LEADER, Roles.ADMIN})
    @Operation(summary = "稿件列表", description = "最近修改的在前。" + READERS_NOTE)
    public List<DraftViews.Summary> list(@Parameter(description = "状态，如 IN_REVIEW") @QueryParam("state") String state,
                                         @Parameter(description = "发布渠道") @QueryParam("channel") String channel,
                                         @Parameter(description = "所属部门") @QueryParam("department") String department,
                                         @Parameter(description = "只看我提交的") @QueryParam("mine") @DefaultValue("false") boolean mine,
                                         @QueryParam("limit") @DefaultValue("200") int limit) {
        return drafts.list(state == null || state.isBlank() ? null : parseState(state),
                channel == null || channel.isBlank() ? null : Channels.parse(channel), department, mine, limit);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.EDITOR, Roles.DEPT_REVIEWER, Roles.SECRECY_OFFICE, Roles.LEADER, Roles.ADMIN, Roles.CMS})
    @Operation(summary = "查看稿件", description = "状态、当前版本（正文、自动检查结果、附件）、全部版本、审批链进度与发布记录。" + READERS_NOTE)
    public DraftViews.Detail get(@PathParam("id") long id) {
        return drafts.get(id);
    }

    @GET
    @Path("/{id}/revisions/{revision}")
    @RolesAllowed({Roles.EDITOR, Roles.DEPT_REVIEWER, Roles.SECRECY_OFFICE, Roles.LEADER, Roles.ADMIN, Roles.CMS})
    @Operation(summary = "查看稿件的某一版本", description = "该版本的内容、自动检查结果与审批记录（用于与上一版本比较）。" + READERS_NOTE)
    public DraftViews.RevisionDetail revision(@PathParam("id") long id, @PathParam("revision") int revision) {
        return drafts.revision(id, revision);
    }

    @GET
    @Path("/{id}/revisions/{revision}/attachments/{position}")
    @Produces(MediaType.WILDCARD)
    @RolesAllowed({Roles.EDITOR, Roles.DEPT_REVIEWER, Roles.SECRECY_OFFICE, Roles.LEADER, Roles.ADMIN, Roles.CMS})
    @Operation(summary = "下载某一版本的附件", description = "position 从 1 开始。" + READERS_NOTE)
    public Response attachment(@PathParam("id") long id, @PathParam("revision") int revision, @PathParam("position") int position) {
        DraftService.AttachmentContent a = drafts.attachment(id, revision, position);
        String encoded = URLEncoder.encode(a.filename(), StandardCharsets.UTF_8).replace("+", "%20");
        return Response.ok(a.bytes(), servedType(a.mediaType()))
                .header("Content-Disposition", "attachment; filename*=UTF-8''" + encoded)
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .build();
    }

    /** The multipart request as documented in OpenAPI (the endpoint reads the parts itself). */
    @Schema(name = "DraftForm", description = "multipart/form-data 形式的稿件")
    public static class DraftForm {
        @Schema(required = true, description = "稿件 JSON，字段同 application/json 请求体（DraftInput）")
        public String draft;
        @Schema(description = "附件，可重复多个 file 部分，按顺序保存")
        public List<BinaryFile> file;
    }

    @Schema(name = "BinaryFile", type = SchemaType.STRING, format = "binary", description = "文件内容")
    public static class BinaryFile {
    }

    /** The uploader's content type, unless a browser could run it as a page or script on our origin. */
    static String servedType(String declared) {
        if (declared == null || declared.isBlank()) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
        String t = declared.toLowerCase(Locale.ROOT);
        boolean active = t.contains("html") || t.contains("xml") || t.contains("svg") || t.contains("javascript")
                || t.contains("ecmascript");
        try {
            return active ? MediaType.APPLICATION_OCTET_STREAM : MediaType.valueOf(declared).toString();
        } catch (IllegalArgumentException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    private static ReviewState parseState(String s) {
        try {
            return ReviewState.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("unknown-state", "未知的稿件状态：" + s);
        }
    }

    private DraftInput draftPart(MultipartFormDataInput form) {
        Collection<FormValue> parts = form.getValues().get(DRAFT_PART);
        if (parts == null || parts.isEmpty()) {
            throw ProblemException.badRequest("draft-required", "multipart 请求须包含名为 draft 的稿件 JSON 部分");
        }
        FormValue part = parts.iterator().next();
        try {
            String text = part.isFileItem() ? new String(readAll(part), StandardCharsets.UTF_8) : part.getValue();
            return json.readValue(text, DraftInput.class);
        } catch (NulCharacters.NulInJsonException e) {
            throw e.problem("draft");
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("malformed-json", "draft 部分不是有效的稿件 JSON");
        }
    }

    private List<Upload> files(MultipartFormDataInput form) {
        Collection<FormValue> parts = form.getValues().get(FILE_PART);
        List<Upload> out = new ArrayList<>();
        if (parts == null) {
            return out;
        }
        for (FormValue p : parts) {
            byte[] bytes = p.isFileItem() ? readAll(p) : p.getValue().getBytes(StandardCharsets.UTF_8);
            String type = p.getHeaders() == null ? null : p.getHeaders().getFirst("Content-Type");
            out.add(new Upload(p.getFileName(), type, bytes));
        }
        return out;
    }

    private byte[] readAll(FormValue p) {
        try {
            drafts.checkFileSize(p.getFileName(), p.getFileItem().getFileSize());
            try (InputStream in = p.getFileItem().getInputStream()) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw ProblemException.badRequest("upload-unreadable", "上传的文件无法读取，请重新上传");
        }
    }
}
