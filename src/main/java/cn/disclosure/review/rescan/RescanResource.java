package cn.disclosure.review.rescan;

import cn.disclosure.review.core.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/rescans")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "重新检查", description = "词库等更新后对已公开信息的重新检查")
public class RescanResource {

    @Inject
    RescanService rescans;

    @GET
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.LEADER, Roles.ADMIN})
    @Operation(summary = "重新检查记录", description = "最近 200 次，新的在前：触发原因（类型、名称、版本）、状态、进度、命中数。")
    public List<RescanView> list() {
        return rescans.list();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.LEADER, Roles.ADMIN})
    @Operation(summary = "一次重新检查", description = "含命中的已公开信息（登记号、标题、部门、网址、整改事项编号、发现的问题）。")
    public RescanView get(@PathParam("id") long id) {
        return rescans.get(id);
    }
}
