package cn.disclosure.review.identity;

import cn.disclosure.review.web.Refusals;
import cn.disclosure.review.web.SafeText;
import cn.disclosure.review.web.SourceAddress;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.FormAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * Username/password sign-in (HTTP Basic for the API, form login for the web UI) against the
 * accounts table. The identity carries the account's department as attribute {@code department}.
 * A form sign-in also starts a server-side session ({@link Sessions}) and sets its id cookie; it
 * never uses the credentials cache. HTTP Basic does: a disabled account or a changed password
 * takes effect for Basic within the cache's minute.
 * Throttled names and addresses are refused before any password is tried.
 */
@ApplicationScoped
public class AccountIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    @Inject
    AccountService accounts;

    @Inject
    Sessions sessions;

    private final Object[] verifying = new Object[64];

    {
        for (int i = 0; i < verifying.length; i++) {
            verifying[i] = new Object();
        }
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        boolean form = rc != null && rc.get(HttpAuthenticationMechanism.class.getName()) instanceof FormAuthenticationMechanism;
        String username = request.getUsername();
        String password = new String(request.getPassword().getPassword());
        AccountService.Attempt attempt = new AccountService.Attempt(username, SourceAddress.of(rc),
                rc == null ? null : rc.request().method().name(),
                rc == null ? null : SafeText.of(rc.normalizedPath(), 200));
        if (!form) {
            var recent = accounts.recentlyVerified(username, password);
            if (recent.isPresent()) {
                long wait = accounts.throttledLocally(attempt);
                return wait > 0 ? Uni.createFrom().failure(LoginThrottledException.failure(wait))
                        : Uni.createFrom().item(identityOf(recent.get()));
            }
        }
        return context.runBlocking(() -> {
            AccountService.Verified v;
            try {
                // a form sign-in starts a session: always against the database (a disabled account
                // or a changed password must not get a new session from the minute's cache)
                v = verifyOnce(attempt, password, !form);
            } catch (AuthenticationFailedException e) {
                if (!(e.getCause() instanceof LoginThrottledException)) {
                    Refusals.markAudited(rc); // the failure is audited as LOGIN_FAILED
                }
                throw e;
            }
            if (form) {
                startSession(rc, v, attempt.address());
            }
            return identityOf(v);
        });
    }

    private AccountService.Verified verifyOnce(AccountService.Attempt attempt, String password, boolean useCache) {
        // One bcrypt per account at a time: requests arriving together (a CMS with many
        // connections, all missing the cache when it expires) wait for the first and reuse it;
        // guesses in parallel are counted one after the other and stop at the throttle.
        synchronized (verifying[Math.floorMod(attempt.username().hashCode(), verifying.length)]) {
            var justVerified = useCache ? accounts.recentlyVerified(attempt.username(), password)
                    : Optional.<AccountService.Verified>empty();
            if (justVerified.isPresent()) {
                long wait = accounts.throttledLocally(attempt);
                if (wait > 0) {
                    throw LoginThrottledException.failure(wait);
                }
                return justVerified.get();
            }
            return accounts.verify(attempt, password);
        }
    }

    private void startSession(RoutingContext rc, AccountService.Verified v, String address) {
        Cookie previous = rc.request().getCookie(Sessions.COOKIE);
        String id = sessions.start(v, address, previous == null ? null : previous.getValue());
        rc.response().addCookie(Cookie.cookie(Sessions.COOKIE, id).setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(rc.request().isSSL()));
    }

    static SecurityIdentity identityOf(AccountService.Verified v) {
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(v.username()))
                .addRoles(v.roles());
        if (v.department() != null) {
            b.addAttribute(CurrentUser.DEPARTMENT_ATTRIBUTE, v.department());
        }
        return b.build();
    }
}
