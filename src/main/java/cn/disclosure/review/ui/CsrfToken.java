package cn.disclosure.review.ui;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Double-submit CSRF token for the web UI: a random value in an HttpOnly, SameSite=Strict cookie,
 * repeated in a hidden {@code _csrf} field of every form ({@code {inject:csrf.value}} in templates)
 * and compared by {@link CsrfFilter} on every state-changing UI request.
 */
@RequestScoped
@Named("csrf")
public class CsrfToken {
    public static final String COOKIE = "review-csrf";
    public static final String FIELD = "_csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    HttpServerRequest request;

    private String value;
    private boolean fresh;

    public String getValue() {
        if (value == null) {
            Cookie c = request.getCookie(COOKIE);
            if (c != null && c.getValue().length() >= 32) {
                value = c.getValue();
            } else {
                byte[] b = new byte[32];
                RANDOM.nextBytes(b);
                value = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
                fresh = true;
            }
        }
        return value;
    }

    /** The cookie to set on the response when this request created the token. */
    Cookie cookieIfNew() {
        if (!fresh) {
            return null;
        }
        return Cookie.cookie(COOKIE, value).setHttpOnly(true).setPath("/").setSameSite(CookieSameSite.STRICT);
    }

    static boolean matches(String cookieValue, String formValue) {
        if (cookieValue == null || formValue == null || cookieValue.length() < 32) {
            return false;
        }
        return MessageDigest.isEqual(cookieValue.getBytes(), formValue.getBytes());
    }
}
