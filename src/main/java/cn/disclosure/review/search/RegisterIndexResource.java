package cn.disclosure.review.search;

import cn.disclosure.review.core.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/register/index")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "发布登记检索")
public class RegisterIndexResource {

    @Inject
    RegisterIndex index;

    @POST
    @Path("/rebuild")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "重建检索索引", description = "从数据库重建发布登记检索索引；完成前检索使用原索引。")
    public RegisterIndex.Rebuilt rebuild() {
        return index.rebuild();
    }
}
