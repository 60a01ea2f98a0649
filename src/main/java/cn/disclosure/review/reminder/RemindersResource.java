package cn.disclosure.review.reminder;

import cn.disclosure.review.core.Channels;
import cn.disclosure.review.core.Roles;
import cn.disclosure.review.core.Channel;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * The 保密提醒 of a channel on their own, so a CMS plugin can show them on its editor screen at
 * all times (the publish gate returns the same text with its answer).
 */
@Path("/api/v1/reminders")
@Tag(name = "CMS 回调（Webhook）")
@Produces(MediaType.APPLICATION_JSON)
public class RemindersResource {
    @Inject
    Reminders reminders;

    public record ChannelReminders(String channel, String label, List<String> reminders) {
    }

    @GET
    @RolesAllowed({Roles.CMS, Roles.EDITOR, Roles.DEPT_REVIEWER, Roles.SECRECY_OFFICE, Roles.LEADER, Roles.ADMIN, Roles.MAIL_GATE})
    @Operation(summary = "渠道的保密提醒", description = "供 CMS 插件在编辑页面常驻显示；channel 为 WEBSITE / WECHAT / WEIBO，或非发布渠道 OA（互联网办公自动化系统）/ EMAIL（政务邮箱）")
    public ChannelReminders forChannel(@QueryParam("channel") String channel) {
        Channel c = Channels.parseAny(channel);
        return new ChannelReminders(c.name(), c.label, reminders.forChannel(c));
    }
}
