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

@Path("/api/v1/publications")
@Tag(name = "发布")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WithdrawalResource {

    @Inject
    PublicationService publications;

    @POST
    @Path("/{id}/withdrawal")
    @RolesAllowed({Roles.EDITOR, Roles.SECRECY_OFFICE, Roles.ADMIN, Roles.CMS})
    @Operation(summary = "撤稿", description = "撤下一条已发布的信息，须填写原因（reason）；该发布是稿件当前版本的发布时，稿件状态变为已撤稿。"
            + "本部门编辑、保密办或管理员可操作；内容管理系统（CMS 角色）可撤下经发布闸口登记的发布（文章下线或删除时）；同一发布只能撤稿一次（409）。")
    public Response withdraw(@PathParam("id") long id, @Valid PublishViews.WithdrawalRequest request) {
        return Response.status(201).entity(publications.withdraw(id, request)).build();
    }
}
