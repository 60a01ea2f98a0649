package cn.disclosure.review.identity;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Username/password sign-in (HTTP Basic for the API, form login for the web UI) against the
 * accounts table. The identity carries the account's department as attribute {@code department}.
 */
@ApplicationScoped
public class AccountIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    @Inject
    AccountService accounts;

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
        String username = request.getUsername();
        String password = new String(request.getPassword().getPassword());
        var recent = accounts.recentlyVerified(username, password);
        if (recent.isPresent()) {
            return Uni.createFrom().item(identityOf(recent.get()));
        }
        return context.runBlocking(() -> {
            // One bcrypt per account at a time: requests arriving together (a CMS with many
            // connections, all missing the cache when it expires) wait for the first and reuse it.
            synchronized (verifying[Math.floorMod(username.hashCode(), verifying.length)]) {
                var justVerified = accounts.recentlyVerified(username, password);
                if (justVerified.isPresent()) {
                    return identityOf(justVerified.get());
                }
                AccountService.Verified v = accounts.verify(username, password)
                        .orElseThrow(() -> new AuthenticationFailedException("invalid credentials"));
                return identityOf(v);
            }
        });
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
