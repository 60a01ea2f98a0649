package cn.disclosure.review.search;

import cn.disclosure.review.core.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/register/search")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "发布登记检索", description = "已公开信息全文检索（标题、文号、正文和附件）")
public class RegisterSearchResource {

    @Inject
    RegisterIndex index;

    @GET
    @RolesAllowed({Roles.EDITOR, Roles.DEPT_REVIEWER, Roles.SECRECY_OFFICE, Roles.LEADER, Roles.ADMIN})
    @Operation(summary = "检索发布登记", description = "q：检索词或带引号的短语（精确匹配，繁简、全角半角不影响），"
            + "空格或 AND 表示同时包含，OR 表示任一，-词 或 NOT 词 表示排除，可用括号。每页 20 条。"
            + "编辑和科室负责人只能检索本部门的发布。highlights 为简短摘录（HTML 转义，命中处用 <em> 标出）。")
    public RegisterSearchResult search(@Parameter(description = "检索式") @QueryParam("q") String q,
                                       @Parameter(description = "起始日期（含），如 2026-01-01") @QueryParam("from") String from,
                                       @Parameter(description = "截止日期（含）") @QueryParam("to") String to,
                                       @Parameter(description = "WEBSITE、WECHAT、WEIBO") @QueryParam("channel") String channel,
                                       @Parameter(description = "部门") @QueryParam("department") String department,
                                       @Parameter(description = "页码，从 1 开始") @QueryParam("page") Integer page) {
        return index.search(q, from, to, channel, department, page);
    }
}
