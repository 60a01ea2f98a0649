package cn.disclosure.review.identity;

import cn.disclosure.review.core.Sha256;

import cn.disclosure.review.audit.AuditLog;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies credentials. bcrypt is deliberately slow (~50 ms), so a successful verification is
 * remembered for a short time under a SHA-256 of the credentials (never the password itself);
 * a CMS calling the gate many times a second then pays bcrypt once a minute, not per request.
 */
@ApplicationScoped
public class AccountService {
    private static final long CACHE_MILLIS = 60_000;
    private static final int CACHE_MAX = 10_000;

    public record Verified(String username, Set<String> roles, String department) {
    }

    private record Cached(Verified verified, long until) {
    }

    private final Map<String, Cached> recent = new ConcurrentHashMap<>();

    @Inject
    AuditLog audit;

    /** A sign-in verified within the last minute, without touching the database (safe on the event loop). */
    public Optional<Verified> recentlyVerified(String username, String password) {
        Cached c = recent.get(digest(username + '\u0000' + password));
        return c != null && c.until > System.currentTimeMillis() ? Optional.of(c.verified) : Optional.empty();
    }

    @ActivateRequestContext
    @Transactional
    public Optional<Verified> verify(String username, String password) {
        String key = digest(username + '\u0000' + password);
        long now = System.currentTimeMillis();
        Optional<Account> account = Account.findByUsername(username).filter(a -> a.enabled);
        if (account.isEmpty() || !BcryptUtil.matches(password, account.get().passwordHash)) {
            audit.append("LOGIN_FAILED", username, "account", username, Map.of());
            return Optional.empty();
        }
        Account a = account.get();
        Verified v = new Verified(a.username, a.roleSet(), a.department);
        if (recent.size() >= CACHE_MAX) {
            recent.clear();
        }
        recent.put(key, new Cached(v, now + CACHE_MILLIS));
        return Optional.of(v);
    }

    /** The active account of a signed-in session, without a password (the session cookie proved it). */
    @ActivateRequestContext
    @Transactional
    public Optional<Verified> load(String username) {
        return Account.findByUsername(username).filter(a -> a.enabled)
                .map(a -> new Verified(a.username, a.roleSet(), a.department));
    }

    /** Forget remembered sign-ins, e.g. after a password or role change. */
    public void forgetAll() {
        recent.clear();
    }

    public static String hash(String password) {
        return BcryptUtil.bcryptHash(password, 10);
    }

    private static String digest(String s) {
        return Sha256.hex(s);
    }
}
