package cn.disclosure.review.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Failures before a request reaches a REST endpoint, answered as problems instead of a bare 500:
 * <ul>
 *   <li>a database outage — typically signing in with HTTP Basic, which looks the account up —
 *       answers the same 503 {@code database-unavailable} with {@code Retry-After} as the endpoints
 *       do ({@link ProblemMappers}); a full disk (an upload written to a full volume) answers 503
 *       {@code storage-full} ({@link ServiceFaults});</li>
 *   <li>a multipart body that cannot be parsed (cut off, no boundary) answers 400 {@code malformed-body}.</li>
 * </ul>
 */
@ApplicationScoped
public class DatabaseOutageHandler {

    void register(@Observes Router router, ObjectMapper json) {
        Map<String, String> faultBodies = new HashMap<>();
        for (FaultIncident f : List.of(DatabaseOutage.INCIDENT, StorageFull.INCIDENT)) {
            faultBodies.put(f.code(), write(json, f.problem()));
        }
        String malformed = write(json, malformedBody());
        router.route().order(Integer.MIN_VALUE + 1).failureHandler(rc -> {
            Throwable failure = rc.failure();
            Optional<FaultIncident> fault = failure == null ? Optional.empty() : ServiceFaults.classify(failure);
            if (failure == null || rc.response().headWritten()) {
                rc.next();
            } else if (fault.isPresent()) {
                FaultIncident f = fault.get();
                f.report(failure);
                rc.response().setStatusCode(503)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE + ";charset=UTF-8")
                        .putHeader("Retry-After", Integer.toString(f.retryAfterSeconds()))
                        .end(faultBodies.get(f.code()));
            } else if (unparsableBody(failure)) {
                rc.response().setStatusCode(400)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE + ";charset=UTF-8")
                        .end(malformed);
            } else {
                rc.next();
            }
        });
    }

    /** The answer to a body that cannot be parsed, here and from the endpoints' mapper. */
    static Problem malformedBody() {
        return new Problem(400, "malformed-body", "请求格式错误", "请求体无法解析（multipart 格式错误或传输中断），请检查后重新提交");
    }

    private static String write(ObjectMapper json, Problem p) {
        try {
            return json.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
