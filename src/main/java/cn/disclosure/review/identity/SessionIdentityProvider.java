package cn.disclosure.review.identity;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Re-establishes the identity of a web UI session from its encrypted session cookie (form login),
 * but only while the server-side session named by the {@code review-sid} cookie lives
 * ({@link Sessions}): a copied cookie stops working at sign-out on every instance. The account is
 * looked up again, so a disabled account or changed roles take effect at once.
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<TrustedAuthenticationRequest> {

    @Inject
    Sessions sessions;

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        Cookie sid = rc == null ? null : rc.request().getCookie(Sessions.COOKIE);
        String id = sid == null ? null : sid.getValue();
        return context.runBlocking(() -> sessions.resume(id, request.getPrincipal())
                .map(AccountIdentityProvider::identityOf)
                .orElseThrow(() -> SessionEndedException.failure(request.getPrincipal())));
    }
}
