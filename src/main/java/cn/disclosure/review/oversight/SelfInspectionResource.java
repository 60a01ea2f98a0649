package cn.disclosure.review.oversight;

import cn.disclosure.review.core.Roles;
import cn.disclosure.review.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
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
