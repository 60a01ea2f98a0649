package cn.disclosure.review.audit;

import cn.disclosure.review.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/audit")
@Tag(name = "审计日志")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    @Inject
    AuditLog audit;

    @GET
    @Path("/verify")
    @RolesAllowed({Roles.ADMIN, Roles.SECRECY_OFFICE, Roles.LEADER})
    @Operation(summary = "校验审计日志哈希链", description = "逐条校验哈希链，报告第一条断链或被篡改的记录")
    public AuditLog.Verification verify() {
        return audit.verify();
    }
}
