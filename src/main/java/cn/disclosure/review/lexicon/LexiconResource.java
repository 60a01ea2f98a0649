package cn.disclosure.review.lexicon;

import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.core.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/lexicons")
@Tag(name = "词库")
public class LexiconResource {
    public static final String TSV = "text/tab-separated-values";

    @Inject
    LexiconService lexicons;
    @Inject
    CurrentUser user;

    @PUT
    @Path("/{name}")
    @Consumes({TSV, MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "创建或替换词库",
            description = "请求体为 UTF-8 文本，每行“词条<TAB>级别<TAB>说明”，级别为 BLOCK/WARN/INFO（默认 WARN），# 开头为注释。"
                    + "名称以 allow 开头的词库为白名单。替换后下一次检查即生效（其他实例在约 1 秒内生效），返回新版本号。"
                    + "另一请求（或另一实例）同时替换同一词库时，后提交者得到 409 lexicon-changed，未保存，可查看最新版本后重试。")
    public LexiconService.Summary put(@PathParam("name") String name, String body) {
        return lexicons.replace(name, body, user.username());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.SECRECY_OFFICE})
    @Operation(summary = "词库列表", description = "各词库当前生效的版本、类型和词条数")
    public List<LexiconVersion.Info> list() {
        return lexicons.list();
    }

    @GET
    @Path("/{name}")
    @Produces(TSV + ";charset=UTF-8")
    @RolesAllowed({Roles.ADMIN, Roles.SECRECY_OFFICE})
    @Operation(summary = "下载词库", description = "当前生效版本的词库原文")
    public String get(@PathParam("name") String name) {
        return lexicons.content(name);
    }
}
