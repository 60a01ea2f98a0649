package cn.disclosure.review.check;

import cn.disclosure.review.core.Roles;
import cn.disclosure.review.identity.CurrentUser;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Where the mail gate reports the messages it refused or deferred on its own (see {@link MailGateEvents}). */
@Path("/api/v1/mail-gate/events")
@Tag(name = "发布前检查")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MAIL_GATE)
public class MailGateEventResource {
    @Inject
    MailGateEvents events;
    @Inject
    CurrentUser user;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "记录邮件网关自行拒收或延迟的邮件",
            description = "只供邮件审查网关（MAIL_GATE）调用：超大邮件、审查服务拒绝请求、审查服务不可用（451）等未经检查即由网关答复的邮件，"
                    + "记入审计日志（MAIL_REFUSED 或 MAIL_DEFERRED），只记发件人、收件人域名、答复码和原因类别，不记内容。"
                    + "eventId 相同的重复提交只记录一次")
    public MailGateEvents.Recorded record(@Valid @NotNull(message = "请求体不能为空") MailGateEvent event) {
        return events.record(event, user.username());
    }
}
