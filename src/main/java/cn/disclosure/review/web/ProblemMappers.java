package cn.disclosure.review.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import io.quarkus.qute.Location;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.inject.Inject;
import io.quarkus.qute.Template;
import java.net.URI;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves the API as problem details with a Chinese message and a stable code. */
public class ProblemMappers {
    @Location("ui/forbidden.html")
    Template forbiddenPage;

    @Location("ui/problem.html")
    Template problemPage;

    @Inject
    CurrentVertxRequest request;

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    static Response of(Problem p) {
        return Response.status(p.status).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    /** Tells {@link Refusals} the problem code of this answer. */
    private Problem noted(Problem p) {
        if (Arc.container().requestContext().isActive()) {
            Refusals.mark(request.getCurrent(), p.status, p.code);
        }
        return p;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        noted(e.problem());
        if (UiPaths.isUi(uri.getPath())) {
            Problem p = e.problem();
            return Response.status(p.status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(problemPage.data("title", switch (p.status) {
                        case 403 -> "无权访问";
                        case 404 -> "未找到";
                        case 409 -> "暂时无法办理";
                        default -> "请求未能办理";
                    }).data("message", p.detail).render()).build();
        }
        return of(e.problem());
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        Problem p = noted(new Problem(401, "unauthenticated", "需要登录", "请提供有效的用户名密码或令牌"));
        if (UiPaths.isUi(uri.getPath())) {
            if (Arc.container().requestContext().isActive()) {
                Refusals.markRedirected(request.getCurrent(), 401, p.code);
            }
            return Response.seeOther(URI.create("/login")).build();
        }
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", "Basic realm=\"review\"")
                .entity(p).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        Problem p = noted(new Problem(403, "forbidden", "无权执行此操作", "当前账号的角色不允许执行此操作"));
        if (UiPaths.isUi(uri.getPath())) {
            return Response.status(403).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(forbiddenPage.data("message", "当前账号无权访问此页面").render()).build();
        }
        return of(p);
    }

    @ServerExceptionMapper
    public Response optimistic(OptimisticLockException e) {
        return of(noted(new Problem(409, "concurrent-modification", "并发冲突", "该记录已被他人同时修改，请刷新后重试")));
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? fieldPath(m) : null;
        if (e instanceof NulCharacters.NulInJsonException bad) {
            return of(bad.problem(field).problem());
        }
        if (e instanceof MismatchedInputException && field != null) {
            return of(new Problem(400, "malformed-json", "请求格式错误", "字段 " + field + " 的类型或格式不正确").with("field", field));
        }
        return of(new Problem(400, "malformed-json", "请求格式错误", "JSON 无法解析"));
    }

    /** More specific than the built-in mapper of quarkus-rest-jackson (which answers without a problem body). */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return badJson(e);
    }

    /** Bean Validation of request records (@Size, @NotBlank …): 400 listing every field and what is wrong. */
    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        return of(InputRules.problem(e.getConstraintViolations()));
    }

    private static String fieldPath(JsonMappingException m) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.length() == 0 ? null : b.toString();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        // a body the JSON reader could not read arrives wrapped: answer what is wrong with it
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof JsonProcessingException json && status == 400) {
                return badJson(json);
            }
        }
        String code;
        String msg;
        if (e instanceof NotFoundException) {
            code = "not-found";
            msg = "资源不存在";
        } else if (e instanceof NotAllowedException) {
            code = "method-not-allowed";
            msg = "不支持该请求方法";
        } else if (e instanceof NotSupportedException) {
            code = "unsupported-media-type";
            msg = "不支持该内容类型";
        } else if (status == 413) {
            code = "payload-too-large";
            msg = "上传内容超过大小限制";
        } else if (status >= 500) {
            code = "internal-error";
            msg = "服务内部错误";
        } else {
            code = "bad-request";
            msg = "请求无效";
        }
        return of(noted(new Problem(status, code, msg, msg)));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        return unexpectedFailure(e, uri);
    }

    /**
     * A checked IOException out of an endpoint: a multipart body that cannot be parsed (cut off, no
     * boundary) is the client's 400 {@code malformed-body}, a full disk is a {@link StorageFull} fault,
     * anything else an internal error like an unexpected RuntimeException.
     */
    @ServerExceptionMapper
    public Response io(java.io.IOException e, UriInfo uri) {
        if (DatabaseOutageHandler.unparsableBody(e)) {
            return of(DatabaseOutageHandler.malformedBody());
        }
        return unexpectedFailure(e, uri);
    }

    private Response unexpectedFailure(Exception e, UriInfo uri) {
        java.util.Optional<FaultIncident> fault = ServiceFaults.report(e);
        if (fault.isPresent()) {
            FaultIncident f = fault.get();
            Problem p = f.problem();
            if (UiPaths.isUi(uri.getPath())) {
                return Response.status(503).header("Retry-After", f.retryAfterSeconds())
                        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                        .entity(problemPage.data("title", p.title).data("message", p.detail).render()).build();
            }
            return Response.status(503).header("Retry-After", f.retryAfterSeconds())
                    .type(Problem.MEDIA_TYPE).entity(p).build();
        }
        LOG.error("未处理的异常", e);
        return of(new Problem(500, "internal-error", "服务内部错误", "服务内部错误，请联系管理员"));
    }
}
