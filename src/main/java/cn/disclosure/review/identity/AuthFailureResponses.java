package cn.disclosure.review.identity;

import cn.disclosure.review.web.Problem;
import cn.disclosure.review.web.Refusals;
import cn.disclosure.review.web.SafeText;
import cn.disclosure.review.web.UiPaths;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;

/**
 * Answers for failed authentication (Quarkus' proactive authentication fails the request; this
 * failure handler runs before Quarkus' own):
 * <ul>
 *   <li>throttled sign-in — API: 429 problem {@code sign-in-throttled} with Retry-After; form login:
 *       redirect to {@code /login?error=throttled} (with Retry-After);</li>
 *   <li>a session cookie whose session has ended — both session cookies cleared; UI: redirect to
 *       /login; API: 401 problem {@code session-ended}; audited as a refusal;</li>
 *   <li>any other failure on the API (wrong password, bad token) — the 401 keeps its challenge and
 *       gets a problem body {@code unauthenticated}.</li>
 * </ul>
 */
@ApplicationScoped
public class AuthFailureResponses {

    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
    String sessionCookie;

    void register(@Observes Router router, ObjectMapper json) {
        router.route().order(Integer.MIN_VALUE + 2).failureHandler(rc -> {
            HttpServerResponse resp = rc.response();
            if (resp.ended() || resp.headWritten()) {
                rc.next();
                return;
            }
            AuthenticationFailedException f = authenticationFailure(rc.failure());
            if (f != null && f.getCause() instanceof LoginThrottledException t) {
                throttled(rc, json, t);
            } else if (f != null && f.getCause() instanceof SessionEndedException s) {
                sessionEnded(rc, json, s);
            } else if (f != null && resp.getStatusCode() == 401
                    && rc.normalizedPath().startsWith("/api/")) {
                problem(rc, json, 401, new Problem(401, "unauthenticated", "需要登录", "用户名密码或令牌无效"));
            } else {
                rc.next();
            }
        });
    }

    private void throttled(RoutingContext rc, ObjectMapper json, LoginThrottledException t) {
        HttpServerResponse resp = rc.response();
        resp.headers().remove("WWW-Authenticate").remove("Location");
        resp.putHeader("Retry-After", Long.toString(t.retryAfterSeconds()));
        resp.putHeader("Cache-Control", "no-store");
        if (isFormPost(rc)) {
            resp.setStatusCode(302).putHeader("Location", "/login?error=throttled").end();
            return;
        }
        problem(rc, json, 429, new Problem(429, "sign-in-throttled", "登录尝试过多",
                "登录失败次数过多，请 " + t.retryAfterSeconds() + " 秒后再试").with("retryAfterSeconds", t.retryAfterSeconds()));
    }

    private void sessionEnded(RoutingContext rc, ObjectMapper json, SessionEndedException s) {
        HttpServerResponse resp = rc.response();
        resp.headers().remove("WWW-Authenticate").remove("Location");
        resp.addCookie(Cookie.cookie(sessionCookie, "").setPath("/").setMaxAge(0).setHttpOnly(true));
        resp.addCookie(Cookie.cookie(Sessions.COOKIE, "").setPath("/").setMaxAge(0).setHttpOnly(true));
        Refusals.markAlways(rc, 401, "session-ended",
                Map.of("sessionOf", String.valueOf(SafeText.of(s.username(), AccountService.MAX_NAME_IN_AUDIT))));
        if (UiPaths.isUi(rc.normalizedPath())) {
            resp.setStatusCode(302).putHeader("Location", "/login").end();
            return;
        }
        problem(rc, json, 401, new Problem(401, "session-ended", "登录已失效", "登录会话已结束，请重新登录"));
    }

    private boolean isFormPost(RoutingContext rc) {
        return rc.normalizedPath().equals("/j_security_check");
    }

    private static void problem(RoutingContext rc, ObjectMapper json, int status, Problem p) {
        String body;
        try {
            body = json.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        rc.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE + ";charset=UTF-8").end(body);
    }

    private static AuthenticationFailedException authenticationFailure(Throwable t) {
        Throwable c = t;
        for (int i = 0; c != null && i < 10; i++) {
            if (c instanceof AuthenticationFailedException a) {
                return a;
            }
            c = c.getCause();
        }
        return null;
    }
}
