package cn.disclosure.review.inspect;

import cn.disclosure.review.web.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A check or lexicon upload declaring a Content-Length above {@code quarkus.http.limits.max-body-size}
 * is refused with a 413 problem before its body is read (this route runs before the HTTP body
 * handler). A chunked upload without Content-Length is cut off by the HTTP layer itself at the
 * same limit, with a bare 413. The connection is closed; the service stays up.
 */
@ApplicationScoped
public class CheckUploadLimit {

    void register(@Observes Router router, ObjectMapper json,
                  @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        long max = limit.asLongValue();
        String body;
        try {
            body = json.writeValueAsString(new Problem(413, "payload-too-large", "上传内容超过大小限制",
                    "单次请求不得超过 " + (max / (1024 * 1024)) + " MB").with("limitBytes", max));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        router.route().order(Integer.MIN_VALUE).handler(rc -> {
            String path = rc.normalizedPath();
            String length = rc.request().getHeader("Content-Length");
            if (length != null && (path.startsWith("/api/v1/check") || path.startsWith("/api/v1/lexicons"))
                    && declaredLength(length) > max) {
                rc.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE + ";charset=UTF-8")
                        .putHeader("Connection", "close").end(body)
                        .onComplete(done -> rc.request().connection().close());
            } else {
                rc.next();
            }
        });
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
