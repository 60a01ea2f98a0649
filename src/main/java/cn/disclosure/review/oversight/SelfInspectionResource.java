package cn.disclosure.review.oversight;

import cn.disclosure.review.core.Roles;
import cn.disclosure.review.web.ProblemException;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Path("/api/v1/self-inspection")
@Tag(name = "自查自评", description = "年度考核的信息公开保密自查自评：系统按记录自动评价的项目和部门填报的项目")
@Produces(MediaType.APPLICATION_JSON)
public class SelfInspectionResource {
    @Inject
    SelfInspection service;
    @Inject
    SelfInspectionReports reports;
    @Inject
    EvidenceFiles evidence;

    @GET
    @Produces({MediaType.APPLICATION_JSON, SpotCheckResource.XLSX, SpotCheckResource.PDF})
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER, Roles.LEADER, Roles.ADMIN})
    @Operation(summary = "部门自查自评表", description = "一行一个检查项目：审查审批手续完备率（列出例外）、信息发布登记完整率、抽查结果、整改是否按期、"
            + "各渠道保密提醒由系统根据记录评价并列出依据；制度、分管领导、培训等由部门填报。科室负责人只能查看本部门。format=json|xlsx|pdf。")
    public Response get(@Parameter(description = "年度，如 2026") @QueryParam("year") String year,
                        @Parameter(description = "部门（科室负责人可不填，默认本部门）") @QueryParam("department") String department,
                        @Parameter(description = "json（默认）、xlsx 或 pdf") @QueryParam("format") @DefaultValue("json") String format) {
        String f = format(format);
        SelfInspection.Report r = service.report(year(year), department);
        return switch (f) {
            case "xlsx" -> SpotCheckResource.download(reports.xlsx(r), SpotCheckResource.XLSX, "自查自评-" + r.year() + ".xlsx");
            case "pdf" -> SpotCheckResource.download(reports.pdf(r), SpotCheckResource.PDF, "自查自评-" + r.year() + ".pdf");
            default -> Response.ok(r, MediaType.APPLICATION_JSON).build();
        };
    }

    @GET
    @Path("/roll-up")
    @Produces({MediaType.APPLICATION_JSON, SpotCheckResource.XLSX, SpotCheckResource.PDF})
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.LEADER, Roles.ADMIN})
    @Operation(summary = "自查自评汇总", description = "保密办汇总各部门自查自评得分（权重 review.oversight.weights），用于年度考核。format=json|xlsx|pdf。")
    public Response rollUp(@Parameter(description = "年度") @QueryParam("year") String year,
                           @Parameter(description = "json（默认）、xlsx 或 pdf") @QueryParam("format") @DefaultValue("json") String format) {
        String f = format(format);
        SelfInspection.RollUp r = service.rollUp(year(year));
        return switch (f) {
            case "xlsx" -> SpotCheckResource.download(reports.xlsx(r), SpotCheckResource.XLSX, "自查自评汇总-" + r.year() + ".xlsx");
            case "pdf" -> SpotCheckResource.download(reports.pdf(r), SpotCheckResource.PDF, "自查自评汇总-" + r.year() + ".pdf");
            default -> Response.ok(r, MediaType.APPLICATION_JSON).build();
        };
    }

    @PUT
    @Path("/{year}/{department}/answers")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER})
    @Operation(summary = "部门填报自查结果", description = "{\"SYSTEM\":{\"answer\":\"YES|NO|PARTLY\",\"evidence\":\"佐证材料说明\"},…}；"
            + "只能填报由部门回答的项目；科室负责人只能填报本部门。")
    public SelfInspection.Report answer(@PathParam("year") String year, @PathParam("department") String department,
                                        Map<String, SelfInspection.Answer> answers) {
        return service.answer(year(year), department, answers);
    }

    @POST
    @Path("/{year}/{department}/answers/{item}/evidence")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER})
    @Operation(summary = "上传自查项目的佐证文件", description = "multipart/form-data，一个 file。只能为部门填报的项目（SYSTEM、LEADERSHIP、"
            + "NO_MARKED_ONLINE、TRAINING）上传；科室负责人只能为本部门上传。类型：PDF、OFD、Word、Excel、WPS、JPG、PNG、TXT（UTF-8），"
            + "内容须与扩展名相符；大小上限 review.self-inspection.evidence.max-bytes（默认 20M，超出答复 413）。"
            + "文件保存后不能修改或删除；自查表和导出只列文件名和 SHA-256，内容只有本部门和保密办可以下载。")
    public Response upload(@PathParam("year") String year, @PathParam("department") String department,
                           @PathParam("item") String item, @RestForm("file") List<FileUpload> files) {
        int y = year(year);
        List<FileUpload> uploads = files == null ? List.of() : files;
        if (uploads.size() > 1) {
            throw ProblemException.badRequest("one-file-only", "每次只能上传一个佐证文件");
        }
        FileUpload f = uploads.isEmpty() ? null : uploads.get(0);
        byte[] content = null;
        long size = f == null ? 0 : f.size();
        if (f != null && size <= evidence.maxBytes()) {
            try {
                content = Files.readAllBytes(f.uploadedFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        EvidenceFiles.FileInfo info = evidence.upload(y, department, item, f == null ? null : f.fileName(), size, content);
        return Response.created(URI.create(info.href())).entity(info).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{year}/{department}/evidence/{id}")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER, Roles.ADMIN})
    @Operation(summary = "下载佐证文件", description = "只有本部门的科室负责人、保密办和系统管理员可以下载；每次下载记入审计日志。")
    public Response download(@PathParam("year") String year, @PathParam("department") String department, @PathParam("id") String id) {
        long evidenceId;
        try {
            evidenceId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("佐证文件");
        }
        EvidenceFiles.Download d = evidence.download(year(year), department, evidenceId);
        String encoded = URLEncoder.encode(d.name(), StandardCharsets.UTF_8).replace("+", "%20");
        // always as an attachment, never rendered by the browser in the service's origin
        return Response.ok(d.content(), d.mediaType().startsWith("text/") || d.mediaType().startsWith("image/")
                        ? d.mediaType() : MediaType.APPLICATION_OCTET_STREAM)
                .header("Content-Disposition", "attachment; filename=\"evidence-" + evidenceId + "\"; filename*=UTF-8''" + encoded)
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .header("Cache-Control", "no-store")
                .header("X-Evidence-SHA256", d.sha256())
                .build();
    }

    static int year(String year) {
        if (year == null || year.isBlank()) {
            throw ProblemException.badRequest("bad-year", "请指定年度 year，如 2026");
        }
        try {
            return Integer.parseInt(year.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("bad-year", "年度无效");
        }
    }

    private static String format(String format) {
        String f = format.trim().toLowerCase(Locale.ROOT);
        if (!List.of("json", "xlsx", "pdf").contains(f)) {
            throw ProblemException.badRequest("unknown-format", "未知的导出格式：" + format + "（可选 json、xlsx、pdf）");
        }
        return f;
    }
}
