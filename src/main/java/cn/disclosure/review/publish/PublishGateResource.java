package cn.disclosure.review.publish;

import cn.disclosure.review.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/publish-gate")
@Tag(name = "发布")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PublishGateResource {

    @Inject
    PublicationService publications;

    @POST
    @RolesAllowed(Roles.CMS)
    @Operation(summary = "发布闸口（内容管理系统发布前调用）", description = "CMS 提交即将发布的渠道与完整内容（可带 draftId、url）。"
            + "内容经规范化（去除 HTML 标记与属性、解码字符实体、去除全部空白）后与审查通过的版本比对哈希；"
            + "一致且未发布过时允许并登记发布，返回 publicationId。始终返回 200 {allowed, reasons, reminders}："
            + "reasons 为可操作的中文原因（缺少哪一级审查、哪些检查问题阻止发布、内容与审查版本不一致），reminders 为该渠道的保密提醒。")
    public PublishViews.GateAnswer gate(@Valid PublishViews.GateRequest request) {
        return publications.gate(request);
    }
}
