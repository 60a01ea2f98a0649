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
    PublishGate gate;

    @POST
    @RolesAllowed(Roles.CMS)
    @Operation(summary = "发布闸口（内容管理系统发布前调用）", description = "CMS 提交即将发布的渠道与读者将看到的完整内容："
            + "content（正文 HTML 或文本，必填）、title、excerpt、media（[{url, sha256}]，页面发布的每个文件）、url、draftId、publicationId。"
            + "正文解析为规范形式（元素、全部属性、链接与媒体地址、文字）后与审查通过的版本逐项比对：仅空白、段落换行写法、字符实体、"
            + "属性顺序与大小写等不影响读者和机器所得内容的差异被容忍；链接、图片、附件（按 SHA-256）、标题、摘要任何改动均拒绝；"
            + "脚本、内嵌页面、表单、隐藏内容的样式等活动内容拒绝；发布内容的全部文字（属性、注释、隐藏元素、内嵌图片）经自动检查，"
            + "出现审查版本没有的 WARN 或 BLOCK 问题即拒绝。一致且未发布过时允许并登记发布，返回 publicationId；"
            + "带 publicationId 且内容与该次发布一致时允许（unchanged=true），不重复登记。始终返回 200 "
            + "{allowed, unchanged, reasons:[{code, message}], reminders, publicationId, draftId, revision, diff}。")
    public PublishViews.GateAnswer gate(@Valid PublishViews.GateRequest request) {
        return gate.gate(request);
    }
}
