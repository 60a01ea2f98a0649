package cn.disclosure.review.identity;

import cn.disclosure.review.core.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Who the caller is: lets a CMS plugin's settings page check that its account has the CMS role. */
@Path("/api/v1/me")
@Tag(name = "账号")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @Inject
    CurrentUser user;

    public record Me(String username, List<String> roles, String department) {
    }

    @GET
    // every role but MAIL_GATE, whose account may call only the check and the reminders
    @RolesAllowed({Roles.EDITOR, Roles.DEPT_REVIEWER, Roles.SECRECY_OFFICE, Roles.LEADER, Roles.ADMIN, Roles.CMS})
    @Operation(summary = "当前账号", description = "返回当前登录账号的用户名、角色与所属部门（内容管理系统插件据此确认账号具有 CMS 角色）")
    public Me me() {
        return new Me(user.username(), user.roles().stream().sorted().toList(), user.department());
    }
}
