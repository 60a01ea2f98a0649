package cn.disclosure.review.identity;

import cn.disclosure.review.core.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;

/**
 * Server-side web UI sessions. Quarkus' form login keeps the signed-in user name in an encrypted
 * cookie ({@code review-session}) that stays valid until it times out, wherever it is copied to;
 * next to it the browser gets a random session id ({@code review-sid}, 256 bits). A request is
 * authenticated by the session only while the id names a row of {@code login_session} for the
 * same account that is not revoked (sign-out, account disabled, password changed — a database
 * trigger), not idle longer than {@code quarkus.http.auth.form.timeout} and younger than
 * {@code review.identity.session.max-age}. Every instance sees the same rows.
 */
@ApplicationScoped
public class Sessions {
    public static final String COOKIE = "review-sid";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** last_seen_at is written at most this often per session. */
    private static final Duration TOUCH = Duration.ofMinutes(1);

    @Inject
    IdentityConfig config;

    @ConfigProperty(name = "quarkus.http.auth.form.timeout", defaultValue = "PT30M")
    Duration idle;

    /** Starts a session for a verified sign-in (ending {@code previousId}, if any); returns the id for the cookie. */
    @ActivateRequestContext
    @Transactional
    public String start(AccountService.Verified v, String address, String previousId) {
        if (previousId != null) {
            end(previousId, "replaced");
        }
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        OffsetDateTime now = now();
        LoginSession s = new LoginSession();
        s.idHash = Sha256.hex(id);
        s.accountId = v.accountId();
        s.username = v.username();
        s.createdAt = now;
        s.lastSeenAt = now;
        s.expiresAt = now.plus(config.session().maxAge());
        s.sourceAddress = address;
        s.persist();
        return id;
    }

    /**
     * The account behind a live session of {@code username}, the session touched; empty when the
     * session has ended or never existed (an idle or too old one is revoked on the way).
     */
    @ActivateRequestContext
    @Transactional
    public Optional<AccountService.Verified> resume(String id, String username) {
        if (id == null || id.isEmpty() || id.length() > 100 || username == null) {
            return Optional.empty();
        }
        LoginSession s = LoginSession.findById(Sha256.hex(id));
        if (s == null || s.revokedAt != null || !s.username.equals(username)) {
            return Optional.empty();
        }
        OffsetDateTime now = now();
        if (!s.expiresAt.isAfter(now) || !s.lastSeenAt.plus(idle).isAfter(now)) {
            s.revokedAt = now;
            s.revokedReason = s.expiresAt.isAfter(now) ? "idle" : "expired";
            return Optional.empty();
        }
        Account a = Account.findById(s.accountId);
        if (a == null || !a.enabled || !a.username.equals(username)) {
            return Optional.empty();
        }
        if (s.lastSeenAt.plus(TOUCH).isBefore(now)) {
            s.lastSeenAt = now;
        }
        return Optional.of(AccountService.verified(a));
    }

    /** Ends the session with this id (sign-out); false when there was no live one. */
    @ActivateRequestContext
    @Transactional
    public boolean end(String id, String reason) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return false;
        }
        return LoginSession.update("revokedAt = ?1, revokedReason = ?2 where idHash = ?3 and revokedAt is null",
                now(), reason, Sha256.hex(id)) > 0;
    }

    /** Deletes sessions that ended more than a day ago (kept that long for questions about them). */
    @Transactional
    public long purge() {
        OffsetDateTime dayAgo = now().minusDays(1);
        return LoginSession.delete("expiresAt < ?1 or revokedAt < ?1", dayAgo);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
