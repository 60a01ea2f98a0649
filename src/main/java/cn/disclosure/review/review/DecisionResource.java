package cn.disclosure.review.review;

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

@Path("/api/v1/drafts/{id}/decisions")
@Tag(name = "审查")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DecisionResource {

    @Inject
    DecisionService decisions;

    @POST
    @RolesAllowed({Roles.DEPT_REVIEWER, Roles.SECRECY_OFFICE, Roles.LEADER})
    @Operation(summary = "审查决定（同意／退回修改／不予公开）",
            description = "对稿件当前版本的待审环节作出决定。contentHash 须为所审内容的哈希（已有新版本时 409）；"
                    + "退回修改、不予公开须填写意见；自动检查结论为 BLOCK 时不能同意（409）；结论为 WARN 时同意须填写接受理由 justification（400）。"
                    + "提交人不能审查自己的稿件，同一人不能审查同一版本的两个环节，科室负责人只能审查本部门稿件（403）。")
    public Response decide(@PathParam("id") long id, @Valid DecisionInput input) {
        DecisionResult result = decisions.decide(id, input == null ? new DecisionInput(null, null, null, null, null) : input);
        return Response.status(201).entity(result).build();
    }
}
