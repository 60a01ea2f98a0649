package cn.disclosure.review.publish;

import cn.disclosure.review.core.ServiceZone;
import cn.disclosure.review.core.Roles;
import cn.disclosure.review.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

@Path("/api/v1/register")
@Tag(name = "发布登记", description = "信息发布登记：查询与导出（xlsx、CSV）")
public class RegisterResource {
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Inject
    Register register;
    @Inject
    ServiceZone zone;

    @GET
    @Produces({MediaType.APPLICATION_JSON, "text/csv", XLSX})
    @RolesAllowed({Roles.EDITOR, Roles.DEPT_REVIEWER, Roles.SECRECY_OFFICE, Roles.LEADER, Roles.ADMIN})
    @Operation(summary = "信息发布登记", description = "每次发布一行：标题、文号、渠道、网址、部门、提交人、各级审查人及审查时间、发布时间、内容哈希、自动检查结论、撤稿情况。"
            + "format=csv（UTF-8 带 BOM，Excel 可直接打开）或 format=xlsx 导出。编辑和科室负责人只能查看本部门的登记。")
    public Response register(@Parameter(description = "起始日期（含），如 2026-01-01") @QueryParam("from") String from,
                             @Parameter(description = "截止日期（含），如 2026-12-31") @QueryParam("to") String to,
                             @Parameter(description = "发布渠道：WEBSITE、WECHAT、WEIBO") @QueryParam("channel") String channel,
                             @Parameter(description = "部门") @QueryParam("department") String department,
                             @Parameter(description = "json（默认）、csv 或 xlsx") @QueryParam("format") @DefaultValue("json") String format) {
        List<RegisterRow> rows = register.rows(new Register.Filter(from, to, channel, department));
        String name = "信息发布登记-" + LocalDate.now(zone.zone());
        return switch (format.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> Response.ok(rows, MediaType.APPLICATION_JSON).build();
            case "csv" -> download(new RegisterExport(zone.zone()).csv(rows), "text/csv; charset=UTF-8", name + ".csv");
            case "xlsx" -> download(new RegisterExport(zone.zone()).xlsx(rows), XLSX, name + ".xlsx");
            default -> throw ProblemException.badRequest("unknown-format", "未知的导出格式：" + format + "（可选 json、csv、xlsx）");
        };
    }

    private static Response download(byte[] bytes, String type, String filename) {
        String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
        return Response.ok(bytes, type)
                .header("Content-Disposition", "attachment; filename=\"register" + filename.substring(filename.lastIndexOf('.'))
                        + "\"; filename*=UTF-8''" + encoded)
                .build();
    }
}
