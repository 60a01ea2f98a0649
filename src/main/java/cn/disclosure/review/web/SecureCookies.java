package cn.disclosure.review.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.impl.ServerCookie;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * With {@code review.http.secure-cookies=true} (the prod profile) every cookie the service sets
 * carries {@code Secure}: the form-login session, the session id, the CSRF token, the redirect
 * location. Quarkus 3.33 offers no such option for form login: it marks its session cookie
 * Secure only when the request itself arrived over TLS ({@code request.isSSL()}), which is false
 * behind a TLS-terminating proxy unless forwarded headers are trusted.
 */
@ApplicationScoped
public class SecureCookies {

    void register(@Observes Router router,
                  @ConfigProperty(name = "review.http.secure-cookies", defaultValue = "false") boolean secure) {
        if (!secure) {
            return;
        }
        router.route().order(Integer.MIN_VALUE + 1).handler(rc -> {
            rc.addHeadersEndHandler(v -> {
                // only cookies this response sets (changed): marking one the browser sent would send it back
                for (Cookie c : rc.request().cookies()) {
                    if (c instanceof ServerCookie sc && sc.isChanged()) {
                        c.setSecure(true);
                    }
                }
            });
            rc.next();
        });
    }
}
