package cn.disclosure.review.oversight;

import cn.disclosure.review.core.Roles;
import cn.disclosure.review.core.ServiceZone;
import cn.disclosure.review.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

@Path("/api/v1/spot-checks")
@Tag(name = "抽查", description = "保密办不定期抽查与科室自查：可复核的随机抽取、逐项记录、结束与通报")
@Produces(MediaType.APPLICATION_JSON)
public class SpotCheckResource {
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final String PDF = "application/pdf";

    /** Body of {@code POST …/{id}/close}. */
    public record CloseInput(String summary) {
    }

    @Inject
    SpotChecks checks;
    @Inject
    SpotCheckReports reports;
    @Inject
    ServiceZone zone;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER})
    @Operation(summary = "抽取（不定期抽查／本部门检查）",
            description = "从 from 至 to 期间的发布登记（按登记号排序）中可复核地随机抽取。不填 size 时按发现抽样计算样本量 "
                    + "n = ⌈ln(1−C)/ln(1−p)⌉（C=confidence 默认 0.95，p=maxProblemRate 默认 0.05，得 59），不超过抽样框大小。"
                    + "不填 seed 时随机生成 32 字节；种子和抽样框哈希先写入审计日志再返回样本。strata 可选 department、channel。"
                    + "科室负责人只能检查本部门（department 填其他部门时 403）。")
    public Response draw(@Valid SpotCheckInput in) {
        return Response.status(201).entity(checks.draw(in)).build();
    }

    @GET
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER, Roles.LEADER, Roles.ADMIN})
    @Operation(summary = "抽查列表", description = "保密办、分管领导看到全部抽查和各部门报送的本部门检查；科室负责人只看到本部门的。")
    public List<SpotCheckViews.Summary> list(@Parameter(description = "最多条数，默认 100") @QueryParam("limit") @DefaultValue("100") int limit) {
        return checks.list(Math.max(1, Math.min(limit, 1000)));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER, Roles.LEADER, Roles.ADMIN})
    @Operation(summary = "抽查详情", description = "抽取参数、种子、抽样框哈希，以及每个抽查项的审批链及其完备性、登记信息、保存的自动检查结果和检查结果。")
    public SpotCheckViews.Detail get(@PathParam("id") long id) {
        return checks.detail(id);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER})
    @Operation(summary = "修改抽查标题和依据", description = "只能修改 title、basis；种子、期间、范围、分层和样本量在抽取后不能修改（409 draw-fixed）；已结束的抽查不能修改（409）。")
    public SpotCheckViews.Detail update(@PathParam("id") long id, @Valid SpotCheckInput in) {
        return checks.update(id, in);
    }

    @GET
    @Path("/{id}/verify")
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER, Roles.LEADER, Roles.ADMIN})
    @Operation(summary = "复核抽取", description = "按保存的抽样框和种子重新抽取并比较，重新计算抽样框哈希，核对审计日志中的承诺记录。")
    public SpotCheckViews.Verification verify(@PathParam("id") long id) {
        return checks.verify(id);
    }

    @PUT
    @Path("/{id}/items/{publicationId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER})
    @Operation(summary = "记录抽查项结果", description = "{\"result\":\"OK|PROBLEM\",\"problem\",\"note\",\"deadline\"}；发现问题须选择问题类型并说明，"
            + "并为该发布开立整改事项（整改期限默认 15 天）。已结束的抽查不能修改（409）。")
    public SpotCheckViews.Item record(@PathParam("id") long id, @PathParam("publicationId") String publicationId,
                                      @Valid ItemInput in) {
        return checks.record(id, idOf(publicationId), in);
    }

    @POST
    @Path("/{id}/close")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER})
    @Operation(summary = "结束抽查", description = "所有抽查项都已记录结果后结束；结束后不能再修改，可生成通报。")
    public SpotCheckViews.Detail close(@PathParam("id") long id, CloseInput in) {
        return checks.close(id, in == null ? null : in.summary());
    }

    @GET
    @Path("/{id}/report")
    @Produces({MediaType.APPLICATION_JSON, XLSX, PDF})
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER, Roles.LEADER, Roles.ADMIN})
    @Operation(summary = "抽查通报", description = "已结束抽查的通报：范围和依据、抽样框和样本量、计算得出的置信结论、各部门情况、问题及整改期限和整改情况。format=json|xlsx|pdf。")
    public Response report(@PathParam("id") long id,
                           @Parameter(description = "json（默认）、xlsx 或 pdf") @QueryParam("format") @DefaultValue("json") String format) {
        String f = format.trim().toLowerCase(Locale.ROOT);
        if (!List.of("json", "xlsx", "pdf").contains(f)) {
            throw ProblemException.badRequest("unknown-format", "未知的导出格式：" + format + "（可选 json、xlsx、pdf）");
        }
        SpotCheckReport r = reports.report(id);
        return switch (f) {
            case "xlsx" -> download(reports.xlsx(r), XLSX, "抽查通报-" + id + ".xlsx");
            case "pdf" -> download(reports.pdf(r), PDF, "抽查通报-" + id + ".pdf");
            default -> Response.ok(r, MediaType.APPLICATION_JSON).build();
        };
    }

    static long idOf(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("发布记录");
        }
    }

    static Response download(byte[] bytes, String type, String filename) {
        String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
        return Response.ok(bytes, type)
                .header("Content-Disposition", "attachment; filename=\"report" + filename.substring(filename.lastIndexOf('.'))
                        + "\"; filename*=UTF-8''" + encoded)
                .build();
    }
}
