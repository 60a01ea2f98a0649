package cn.disclosure.review.rectify;

import cn.disclosure.review.core.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/rectifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "整改", description = "已公开信息中发现问题的整改事项：撤稿或说明理由后保留")
public class RectificationResource {

    /** {@code {"closing":"KEPT|WITHDRAWN","justification"}}. */
    public record CloseRequest(String closing, String justification) {
    }

    @Inject
    RectificationService service;

    @GET
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.DEPT_REVIEWER, Roles.EDITOR})
    @Operation(summary = "整改事项", description = "保密办查看全部；编辑和科室负责人只能查看本部门的整改事项。")
    public List<RectificationView> list(@Parameter(description = "OPEN 或 CLOSED") @QueryParam("status") String status,
                                        @Parameter(description = "部门") @QueryParam("department") String department) {
        return service.list(status, department);
    }

    @POST
    @Path("/{id}/close")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SECRECY_OFFICE)
    @Operation(summary = "关闭整改事项", description = "KEPT：保密办决定保留，须填写理由；WITHDRAWN：信息已撤稿（撤稿时会自动关闭）。")
    public RectificationView close(@PathParam("id") long id, CloseRequest in) {
        return service.close(id, in == null ? null : in.closing(), in == null ? null : in.justification());
    }
}
