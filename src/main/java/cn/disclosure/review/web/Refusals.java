package cn.disclosure.review.web;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Audits refused requests: every 401, 403 and 409 answer to a write (POST, PUT, PATCH, DELETE),
 * every 403 whatever the method (someone tried to read what they may not, e.g. a CMS account a
 * draft that is not approved), and every request marked as a refusal to record whatever its
 * method (a CSRF failure, a replayed session that has ended), becomes one {@code REQUEST_REFUSED} audit line with the actor (or
 * {@code anonymous}), the source address, the method, the path (never the query string or the body),
 * the status and the problem code. The code comes from whoever refused ({@link #mark}); without a
 * mark it is derived from the status.
 * <p>
 * The line is written after the answer is on its way, by {@code audit} observing an asynchronous
 * {@link AuditEvent}, in a transaction of its own (the request's may have rolled back). A failed
 * sign-in is audited where the password was checked ({@link #markAudited}) and gets no second line.
 * Anonymous refusals are summarised: per source address and code (and the account of an ended
 * session) one line a minute, carrying the number left out since the previous one
 * ({@code suppressed}); refusals of signed-in callers are each recorded.
 */
@ApplicationScoped
public class Refusals {
    private static final Logger LOG = Logger.getLogger(Refusals.class);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String MARK = Refusals.class.getName() + ".mark";
    private static final String AUDITED = Refusals.class.getName() + ".audited";
    static final int MAX_PATH = 300;

    /**
     * Why a request was refused, set by the code that refused it: the problem code of an answer
     * with {@code status}; {@code standsFor}: the answer (a redirect to the sign-in page) stands for
     * that status; {@code always}: audit whatever the method.
     */
    record Mark(int status, String code, boolean standsFor, boolean always, Map<String, String> details) {
    }

    @Inject
    Event<AuditEvent> audit;

    private final BurstSummary anonymous = new BurstSummary(60_000, 10_000);

    /** The problem code of this request's answer, if it is answered with {@code status}. */
    public static void mark(RoutingContext rc, int status, String code) {
        if (rc != null) {
            rc.put(MARK, new Mark(status, code, false, false, Map.of()));
        }
    }

    /** This request is answered with a redirect (to the sign-in page) that stands for a {@code status} refusal. */
    public static void markRedirected(RoutingContext rc, int status, String code) {
        if (rc != null) {
            rc.put(MARK, new Mark(status, code, true, false, Map.of()));
        }
    }

    /** A refusal ({@code status}, whatever the answer) to audit whatever the request's method, with extra details (no secrets). */
    public static void markAlways(RoutingContext rc, int status, String code, Map<String, String> details) {
        if (rc != null) {
            rc.put(MARK, new Mark(status, code, true, true, details));
        }
    }

    /** The refusal of this request is in the audit log already (a failed sign-in). */
    public static void markAudited(RoutingContext rc) {
        if (rc != null) {
            rc.put(AUDITED, Boolean.TRUE);
        }
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(rc -> {
            rc.addHeadersEndHandler(v -> {
                try {
                    inspect(rc);
                } catch (RuntimeException e) {
                    LOG.errorf("拒绝记录未能写入审计日志：%s", e.getClass().getName());
                }
            });
            rc.next();
        });
    }

    private void inspect(RoutingContext rc) {
        if (Boolean.TRUE.equals(rc.get(AUDITED))) {
            return;
        }
        Mark mark = rc.get(MARK);
        String method = rc.request().method().name();
        int status = mark != null && mark.standsFor() ? mark.status() : rc.response().getStatusCode();
        boolean refusedWrite = WRITES.contains(method) && (status == 401 || status == 403 || status == 409);
        if (!refusedWrite && status != 403 && (mark == null || !mark.always())) {
            return;
        }
        String code = mark != null && mark.status() == status ? mark.code() : switch (status) {
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 409 -> "conflict";
            default -> "refused";
        };
        String actor = actor(rc);
        String address = SourceAddress.of(rc);
        String path = SafeText.of(rc.normalizedPath(), MAX_PATH);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("address", address);
        details.put("method", method);
        details.put("path", path);
        details.put("status", status);
        details.put("code", code);
        if (mark != null && mark.status() == status) {
            details.putAll(mark.details());
        }
        if (AuditEvent.ANONYMOUS.equals(actor)) {
            String burst = address + ' ' + code + (mark == null || mark.status() != status ? "" : " " + mark.details());
            long suppressed = anonymous.admit(burst, System.currentTimeMillis());
            if (suppressed < 0) {
                return;
            }
            if (suppressed > 0) {
                details.put("suppressed", suppressed);
            }
        }
        // 99 code points and the "…" of the cut fit audit_entry.subject_id varchar(100)
        String subject = SafeText.of(method + " " + path, 99);
        audit.fireAsync(new AuditEvent("REQUEST_REFUSED", actor, "request", subject, details))
                .exceptionally(e -> {
                    LOG.errorf("拒绝记录未能写入审计日志：%s", e.getClass().getName());
                    return null;
                });
    }

    private static String actor(RoutingContext rc) {
        if (rc.user() instanceof QuarkusHttpUser user) {
            SecurityIdentity identity = user.getSecurityIdentity();
            if (identity != null && !identity.isAnonymous()) {
                return SafeText.of(identity.getPrincipal().getName(), 99);
            }
        }
        return AuditEvent.ANONYMOUS;
    }
}
