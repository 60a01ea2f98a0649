package cn.disclosure.review.publish;

import cn.disclosure.review.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/drafts/{id}/publications")
@Tag(name = "发布", description = "发布登记、发布闸口（CMS）与撤稿")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DraftPublicationResource {

    @Inject
    PublicationService publications;

    @POST
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @Operation(summary = "登记发布审查通过的稿件", description = "稿件当前版本须已审查通过（一事一审：同一审查只能发布一次，且只能发布到审批的渠道）。"
            + "本部门编辑或管理员可操作。201 返回发布登记；不能发布时 409，reasons 说明原因（如缺少哪一级审查）。")
    public Response publish(@PathParam("id") long id, @Valid PublishViews.PublishRequest request) {
        return Response.status(201).entity(publications.publish(id, request)).build();
    }
}
