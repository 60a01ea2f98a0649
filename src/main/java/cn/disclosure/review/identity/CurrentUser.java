package cn.disclosure.review.identity;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Set;

/**
 * The caller of this request, whichever way they signed in (Basic, form or bearer token).
 * Bearer tokens carry the department in the {@code department} claim, roles in {@code groups}.
 */
@RequestScoped
public class CurrentUser {
    public static final String DEPARTMENT_ATTRIBUTE = "department";

    @Inject
    SecurityIdentity identity;

    public String username() {
        return identity.isAnonymous() ? null : identity.getPrincipal().getName();
    }

    public Set<String> roles() {
        return identity.getRoles();
    }

    public boolean has(String role) {
        return identity.hasRole(role);
    }

    public String department() {
        Object attr = identity.getAttribute(DEPARTMENT_ATTRIBUTE);
        if (attr != null) {
            return attr.toString();
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim(DEPARTMENT_ATTRIBUTE);
            return claim == null ? null : claim.toString().replace("\"", "");
        }
        return null;
    }
}
