package cn.disclosure.review.notify;

import cn.disclosure.review.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/webhooks")
@Tag(name = "CMS 回调（Webhook）")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CMS, Roles.ADMIN})
public class WebhookResource {
    @Inject
    WebhookService webhooks;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CMS, Roles.ADMIN})
    @Operation(summary = "登记回调地址",
            description = "按渠道登记 CMS 回调地址；审查决定和发布登记将以签名 JSON 推送。未提供 secret 时由服务生成，仅在此次响应中返回。")
    public Response register(@Valid WebhookService.Registration registration, @Context UriInfo uri) {
        WebhookService.Registered r = webhooks.register(registration);
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(r.id())).build()).entity(r).build();
    }

    @GET
    @RolesAllowed({Roles.CMS, Roles.ADMIN})
    @Operation(summary = "回调登记列表", description = "CMS 账号看到自己登记的，管理员看到全部；不返回签名密钥")
    public List<WebhookService.WebhookView> list() {
        return webhooks.list();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.CMS, Roles.ADMIN})
    @Operation(summary = "删除回调登记", description = "尚未投递的记录随之取消；投递历史保留")
    public Response delete(@PathParam("id") long id) {
        webhooks.delete(id);
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/deliveries")
    @RolesAllowed({Roles.CMS, Roles.ADMIN})
    @Operation(summary = "投递记录", description = "最新的在前；可按状态 PENDING / DELIVERED / DEAD / CANCELLED 过滤")
    public List<WebhookService.DeliveryView> deliveries(@PathParam("id") long id, @QueryParam("status") String status,
                                                        @QueryParam("limit") @DefaultValue("100") int limit) {
        return webhooks.deliveries(id, status, limit);
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/redelivery")
    @RolesAllowed({Roles.CMS, Roles.ADMIN})
    @Operation(summary = "重新投递", description = "把投递失败（DEAD）的记录重新排入队列，重试次数从零开始")
    public WebhookService.DeliveryView redeliver(@PathParam("id") long id, @PathParam("deliveryId") long deliveryId) {
        return webhooks.redeliver(id, deliveryId);
    }
}
