package cn.disclosure.review.patrol;

import cn.disclosure.review.core.Roles;
import cn.disclosure.review.identity.CurrentUser;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;

@Path("/api/v1/patrols")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "巡检", description = "对网站上已公开信息的巡检：与审查通过的内容比对")
public class PatrolResource {

    /** {@code {"sitemaps":[url…]}}, optional. */
    public record StartRequest(List<String> sitemaps) {
    }

    @Inject
    PatrolService patrols;
    @Inject
    CurrentUser user;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.ADMIN})
    @Operation(summary = "开始巡检", description = "读取发布登记中每条有网址的记录和网站地图中的每个页面（只访问 review.patrol.allowed-hosts 中的主机），"
            + "与审查通过的内容比对。在后台进行：202 与巡检记录（含进度）；已有巡检在进行时 409 patrol-running。")
    public Response start(StartRequest in) {
        long id = patrols.start(in == null ? null : in.sitemaps(), Patrol.MANUAL, user.username());
        return Response.accepted(patrols.get(id)).location(URI.create("/api/v1/patrols/" + id)).build();
    }

    @GET
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.LEADER, Roles.ADMIN})
    @Operation(summary = "巡检记录", description = "最近 200 次，新的在前：状态、进度、页面数、问题数。")
    public List<PatrolView> list() {
        return patrols.list();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.SECRECY_OFFICE, Roles.LEADER, Roles.ADMIN})
    @Operation(summary = "一次巡检", description = "含发现的问题：类型、网址、登记号、发现的问题、与审查通过内容的差异、整改事项编号。")
    public PatrolView get(@PathParam("id") long id) {
        return patrols.get(id);
    }
}
