package cn.disclosure.review.identity;

import cn.disclosure.review.core.Sha256;
import cn.disclosure.review.web.AuditEvent;
import cn.disclosure.review.web.SafeText;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Verifies credentials. bcrypt is deliberately slow (~50–130 ms), so a successful verification is
 * remembered for a short time under a SHA-256 of the credentials (never the password itself);
 * a CMS calling the gate many times a second then pays bcrypt once a minute, not per request.
 * <p>
 * A name without an active account is checked against a dummy bcrypt hash of the same cost, so a
 * wrong guess takes as long whether the account exists or not (no user enumeration by timing).
 * Failures are counted by {@link LoginThrottle} (per name and per source address) and audited
 * with the source address and the name as typed, made safe ({@link SafeText}; never the password).
 */
@ApplicationScoped
public class AccountService {
    private static final long CACHE_MILLIS = 60_000;
    private static final int CACHE_MAX = 10_000;
    /** bcrypt cost of every hash the service writes, and of the dummy hash. */
    static final int BCRYPT_COST = 10;
    static final int MAX_NAME_IN_AUDIT = 64;

    public record Verified(long accountId, String username, Set<String> roles, String department) {
    }

    /** One sign-in attempt: the name as typed and where it comes from (source address, method, path). */
    public record Attempt(String username, String address, String method, String path) {
    }

    private record Cached(Verified verified, long until) {
    }

    private record Lookup(long retryAfter, String passwordHash, Verified verified, String reason) {
    }

    private final Map<String, Cached> recent = new ConcurrentHashMap<>();
    private final AtomicLong passwordChecks = new AtomicLong();
    private String dummyHash;

    @Inject
    LoginThrottle throttle;

    @Inject
    Event<AuditEvent> audit;

    @PostConstruct
    void createDummyHash() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        dummyHash = BcryptUtil.bcryptHash(Base64.getEncoder().encodeToString(b), BCRYPT_COST);
    }

    /** A sign-in verified within the last minute, without touching the database (safe on the event loop). */
    public Optional<Verified> recentlyVerified(String username, String password) {
        Cached c = recent.get(digest(username + '\u0000' + password));
        return c != null && c.until > System.currentTimeMillis() ? Optional.of(c.verified) : Optional.empty();
    }

    /** Seconds the attempt must wait by the blocks this instance knows of; 0 when none (no database). */
    public long throttledLocally(Attempt a) {
        return throttle.blockedLocally(a.username(), a.address());
    }

    /**
     * Checks a password. A throttled name or address is refused before bcrypt runs
     * ({@link LoginThrottledException#failure}); a wrong password, an unknown name or a disabled account
     * fails after bcrypt ran once, is counted and audited ({@link AuthenticationFailedException}).
     * No database connection is held while bcrypt runs.
     */
    @ActivateRequestContext
    public Verified verify(Attempt a, String password) {
        Lookup l = QuarkusTransaction.requiringNew().call(() -> lookup(a));
        if (l.retryAfter() > 0) {
            throw LoginThrottledException.failure(l.retryAfter());
        }
        passwordChecks.incrementAndGet();
        boolean matches = BcryptUtil.matches(password, l.passwordHash() != null ? l.passwordHash() : dummyHash);
        if (l.verified() == null || !matches) {
            String reason = l.verified() == null ? l.reason() : "wrong-password";
            QuarkusTransaction.requiringNew().run(() -> recordFailure(a, reason));
            throw new AuthenticationFailedException("invalid credentials");
        }
        Verified v = l.verified();
        if (recent.size() >= CACHE_MAX) {
            recent.clear();
        }
        recent.put(digest(a.username() + '\u0000' + password), new Cached(v, System.currentTimeMillis() + CACHE_MILLIS));
        return v;
    }

    private Lookup lookup(Attempt a) {
        long wait = throttle.blocked(a.username(), a.address());
        if (wait > 0) {
            return new Lookup(wait, null, null, null);
        }
        Optional<Account> account = Account.findByUsername(a.username());
        if (account.isEmpty()) {
            return new Lookup(0, null, null, "unknown-account");
        }
        Account acc = account.get();
        return acc.enabled ? new Lookup(0, acc.passwordHash, verified(acc), null)
                : new Lookup(0, acc.passwordHash, null, "account-disabled");
    }

    private void recordFailure(Attempt a, String reason) {
        List<LoginThrottle.Block> blocks = throttle.recordFailure(a.username(), a.address());
        String name = SafeText.of(a.username(), MAX_NAME_IN_AUDIT);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("address", a.address());
        details.put("method", a.method());
        details.put("path", a.path());
        details.put("reason", reason);
        audit.fire(new AuditEvent("LOGIN_FAILED", AuditEvent.ANONYMOUS, "account", name, details));
        for (LoginThrottle.Block b : blocks) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("address", a.address());
            d.put("throttled", b.kind());
            d.put("seconds", b.seconds());
            d.put("blockInRow", b.strikes());
            audit.fire(new AuditEvent("LOGIN_THROTTLED", AuditEvent.ANONYMOUS,
                    b.kind().equals("account") ? "account" : "address",
                    b.kind().equals("account") ? name : a.address(), d));
        }
    }

    /** How many times bcrypt ran to check a sign-in (for monitoring; the tests see unknown names take that path). */
    public long passwordChecks() {
        return passwordChecks.get();
    }

    /** Forget remembered sign-ins, e.g. after a password or role change. */
    public void forgetAll() {
        recent.clear();
    }

    static Verified verified(Account a) {
        return new Verified(a.id, a.username, a.roleSet(), a.department);
    }

    public static String hash(String password) {
        return BcryptUtil.bcryptHash(password, BCRYPT_COST);
    }

    private static String digest(String s) {
        return Sha256.hex(s);
    }
}
