package cn.disclosure.review.ui;

import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.core.Roles;
import cn.disclosure.review.identity.Sessions;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;

/** Sign-in, sign-out, the role-based landing page and the audit page of the web UI. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class HomePages {

    @Inject
    UiContext ui;

    @Inject
    AuditLog audit;

    @Inject
    Sessions sessions;

    @Location("ui/login.html")
    Template login;

    @Location("ui/audit.html")
    Template auditPage;

    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
    String sessionCookie;

    @GET
    @PermitAll
    @Operation(hidden = true)
    public Response home() {
        return Response.seeOther(URI.create(ui.isSignedIn() ? ui.homePath() : "/login")).build();
    }

    @GET
    @Path("login")
    @PermitAll
    @Operation(hidden = true)
    public TemplateInstance login(@QueryParam("error") String error) {
        boolean throttled = "throttled".equals(error);
        return login.data("error", error != null && !throttled).data("throttled", throttled).data("signedIn", ui.isSignedIn());
    }

    @POST
    @Path("logout")
    @Authenticated
    @Operation(hidden = true)
    public Response logout(@CookieParam(Sessions.COOKIE) String sessionId) {
        // ends the session on the server: a copy of the cookies is worthless from now on, on every instance
        sessions.end(sessionId, "logout");
        NewCookie expired = new NewCookie.Builder(sessionCookie).path("/").maxAge(0).value("").httpOnly(true).build();
        NewCookie expiredId = new NewCookie.Builder(Sessions.COOKIE).path("/").maxAge(0).value("").httpOnly(true).build();
        return Response.seeOther(URI.create("/login")).cookie(expired, expiredId).build();
    }

    @GET
    @Path("ui/audit")
    @RolesAllowed({Roles.ADMIN, Roles.SECRECY_OFFICE, Roles.LEADER})
    @Operation(hidden = true)
    public TemplateInstance audit() {
        return auditPage.data("result", audit.verify());
    }
}
