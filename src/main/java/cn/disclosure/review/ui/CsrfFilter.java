package cn.disclosure.review.ui;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import cn.disclosure.review.web.Problem;
import cn.disclosure.review.web.Refusals;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import cn.disclosure.review.web.UiPaths;

import java.util.Map;
import java.util.Set;

/**
 * Refuses every state-changing request to the web UI ({@code /ui/**}, {@code /logout}) whose form
 * does not repeat the CSRF cookie. The JSON API is not cookie-authenticated for writes from other
 * sites (Basic/bearer credentials are never sent by a browser on its own) and is not affected.
 */
public class CsrfFilter {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    CsrfToken token;

    @Inject
    HttpServerRequest request;

    @Inject
    CurrentVertxRequest current;

    @ServerRequestFilter(readBody = true)
    public void verify(ResteasyReactiveContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (!UiPaths.isUi(path)) {
            return;
        }
        if (SAFE.contains(ctx.getMethod())) {
            token.getValue(); // issue the cookie now: templates render after the response filters
            return;
        }
        MediaType mt = ctx.getMediaType();
        String submitted = null;
        if (mt != null && (mt.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                || mt.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE))) {
            ResteasyReactiveRequestContext rc = (ResteasyReactiveRequestContext) ctx.getServerRequestContext();
            Object v = rc.getFormParameter(CsrfToken.FIELD, true, false);
            submitted = v == null ? null : v.toString();
        }
        Cookie cookie = request.getCookie(CsrfToken.COOKIE);
        if (!CsrfToken.matches(cookie == null ? null : cookie.getValue(), submitted)) {
            Refusals.markAlways(current.getCurrent(), 403, "csrf-token-invalid", Map.of());
            ctx.abortWith(Response.status(403).type(Problem.MEDIA_TYPE)
                    .entity(new Problem(403, "csrf-token-invalid", "表单已失效",
                            "表单校验失败（可能已过期或来自其他网站），请刷新页面后重新提交"))
                    .build());
        }
    }

    @ServerResponseFilter
    public void setCookie(ContainerRequestContext ctx) {
        if (!UiPaths.isUi(ctx.getUriInfo().getPath())) {
            return;
        }
        Cookie c = token.cookieIfNew();
        if (c != null) {
            HttpServerResponse resp = request.response();
            resp.addCookie(c);
        }
    }
}
