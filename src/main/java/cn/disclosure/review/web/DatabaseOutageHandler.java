package cn.disclosure.review.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.util.Locale;

/**
 * Failures before a request reaches a REST endpoint, answered as problems instead of a bare 500:
 * <ul>
 *   <li>a database outage — typically signing in with HTTP Basic, which looks the account up —
 *       answers the same 503 {@code database-unavailable} with {@code Retry-After} as the endpoints
 *       do ({@link ProblemMappers});</li>
 *   <li>a multipart body that cannot be parsed (cut off, no boundary) answers 400 {@code malformed-body}.</li>
 * </ul>
 */
@ApplicationScoped
public class DatabaseOutageHandler {

    void register(@Observes Router router, ObjectMapper json) {
        String body;
        try {
            body = json.writeValueAsString(DatabaseOutage.problem());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String malformed;
        try {
            malformed = json.writeValueAsString(new Problem(400, "malformed-body", "请求格式错误",
                    "请求体无法解析（multipart 格式错误或传输中断），请检查后重新提交"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        router.route().order(Integer.MIN_VALUE + 1).failureHandler(rc -> {
            Throwable failure = rc.failure();
            if (failure == null || rc.response().headWritten()) {
                rc.next();
            } else if (DatabaseOutage.isOutage(failure)) {
                DatabaseOutage.report(failure);
                rc.response().setStatusCode(503)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE + ";charset=UTF-8")
                        .putHeader("Retry-After", Integer.toString(DatabaseOutage.RETRY_AFTER_SECONDS))
                        .end(body);
            } else if (unparsableBody(failure)) {
                rc.response().setStatusCode(400)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE + ";charset=UTF-8")
                        .end(malformed);
            } else {
                rc.next();
            }
        });
    }

    /** An IOException raised while parsing a multipart body: the client's body, not the server, is at fault. */
    static boolean unparsableBody(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof IOException) {
                String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
                StackTraceElement[] at = e.getStackTrace();
                boolean inMultipartParser = at.length > 0 && at[0].getClassName().contains(".multipart.");
                if (message.contains("multipart") || inMultipartParser) {
                    return true;
                }
            }
        }
        return false;
    }
}
