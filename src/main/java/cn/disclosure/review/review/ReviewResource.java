package cn.disclosure.review.review;

import cn.disclosure.review.core.Roles;
import cn.disclosure.review.core.Channels;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/reviews")
@Tag(name = "审查", description = "待审列表与审查决定")
@Produces(MediaType.APPLICATION_JSON)
public class ReviewResource {

    @Inject
    ReviewQueue queue;

    @GET
    @Path("/queue")
    @RolesAllowed({Roles.DEPT_REVIEWER, Roles.SECRECY_OFFICE, Roles.LEADER})
    @Operation(summary = "我的待审", description = "等待当前用户审查环节的稿件版本，等待最久的在前；科室负责人只看到本部门稿件，"
            + "提交人、修改人以及已审过该版本其他环节的人看不到该版本")
    public List<QueueItem> queue(@Parameter(description = "按发布渠道筛选：WEBSITE、WECHAT、WEIBO") @QueryParam("channel") String channel,
                                 @Parameter(description = "按自动检查结论筛选：PASS、WARN、BLOCK") @QueryParam("verdict") String verdict) {
        return queue.forCaller(channel == null || channel.isBlank() ? null : Channels.parse(channel),
                verdict == null || verdict.isBlank() ? null : Channels.parseVerdict(verdict));
    }
}
