package cn.disclosure.review.identity;

import cn.disclosure.review.core.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-in throttling per account name and per source address, kept in the database (table
 * {@code login_throttle}) so that it holds across instances. Only failures count. The database is
 * consulted on the slow path (a sign-in that needs bcrypt); the cached fast path of
 * {@link AccountService} asks only {@link #blockedLocally}, the blocks this instance has seen —
 * a fast-path hit needs the right password verified within the last minute, so it cannot be used
 * to guess one.
 */
@ApplicationScoped
public class LoginThrottle {
    private static final int MAX_LOCAL = 10_000;

    /** A block that a failure started: for what, how long, how many blocks in a row. */
    public record Block(String kind, long seconds, int strikes) {
    }

    @Inject
    EntityManager em;

    @Inject
    IdentityConfig config;

    /** Blocks seen by this instance: key → blocked until (epoch ms). */
    private final Map<String, Long> localBlocks = new ConcurrentHashMap<>();

    static String accountKey(String username) {
        return "account:" + Sha256.hex(username);
    }

    static String addressKey(String address) {
        return "address:" + address;
    }

    /** Seconds until a block this instance knows of ends for the name or the address; 0 when none. No database. */
    public long blockedLocally(String username, String address) {
        if (localBlocks.isEmpty()) {
            return 0;
        }
        long now = System.currentTimeMillis();
        long until = Math.max(localBlocks.getOrDefault(accountKey(username), 0L),
                localBlocks.getOrDefault(addressKey(address), 0L));
        return until > now ? seconds(until - now) : 0;
    }

    /** In the caller's transaction: seconds until a block recorded in the database ends; 0 when none. */
    public long blocked(String username, String address) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select key, (extract(epoch from blocked_until) * 1000)::bigint, (extract(epoch from now()) * 1000)::bigint
                          from login_throttle where key in (?1, ?2) and blocked_until > now()""")
                .setParameter(1, accountKey(username)).setParameter(2, addressKey(address)).getResultList();
        long wait = 0;
        for (Object[] r : rows) {
            long until = ((Number) r[1]).longValue();
            long now = ((Number) r[2]).longValue();
            remember((String) r[0], until, now);
            wait = Math.max(wait, seconds(until - now));
        }
        return wait;
    }

    /** In the caller's transaction: counts one failed sign-in for the name and the address; the blocks it started. */
    public List<Block> recordFailure(String username, String address) {
        List<Block> started = new ArrayList<>(2);
        fail(accountKey(username), "account", config.throttle().accountFailures(), started);
        fail(addressKey(address), "address", config.throttle().addressFailures(), started);
        return started;
    }

    private void fail(String key, String kind, int limit, List<Block> started) {
        em.createNativeQuery("""
                        insert into login_throttle (key, failures, window_start, strikes, blocked_until, last_failure_at)
                        values (?1, 0, now(), 0, null, now()) on conflict (key) do nothing""")
                .setParameter(1, key).executeUpdate();
        Object[] r = (Object[]) em.createNativeQuery("""
                        select failures, (extract(epoch from window_start) * 1000)::bigint, strikes,
                               coalesce((extract(epoch from blocked_until) * 1000)::bigint, 0),
                               (extract(epoch from last_failure_at) * 1000)::bigint, (extract(epoch from now()) * 1000)::bigint
                          from login_throttle where key = ?1 for update""")
                .setParameter(1, key).getSingleResult();
        ThrottleState before = new ThrottleState(((Number) r[0]).intValue(), ((Number) r[1]).longValue(),
                ((Number) r[2]).intValue(), ((Number) r[3]).longValue(), ((Number) r[4]).longValue());
        long now = ((Number) r[5]).longValue();
        IdentityConfig.Throttle t = config.throttle();
        ThrottleState after = before.afterFailure(now, new ThrottleState.Rule(limit, t.window().toMillis(),
                t.block().toMillis(), t.maxBlock().toMillis(), t.quietReset().toMillis()));
        em.createNativeQuery("""
                        update login_throttle
                           set failures = ?2, window_start = to_timestamp(?3 / 1000.0), strikes = ?4,
                               blocked_until = case when ?5 = 0 then null else to_timestamp(?5 / 1000.0) end,
                               last_failure_at = now()
                         where key = ?1""")
                .setParameter(1, key).setParameter(2, after.failures()).setParameter(3, after.windowStart())
                .setParameter(4, after.strikes()).setParameter(5, after.blockedUntil()).executeUpdate();
        if (before.startedBlock(after, now)) {
            remember(key, after.blockedUntil(), now);
            started.add(new Block(kind, seconds(after.blockedUntil() - now), after.strikes()));
        }
    }

    /** Removes keys that are neither blocked nor have failed recently. */
    public int purge() {
        return em.createNativeQuery("""
                        delete from login_throttle
                         where greatest(last_failure_at, coalesce(blocked_until, last_failure_at))
                               < now() - (?1 * interval '1 millisecond')""")
                .setParameter(1, config.throttle().quietReset().toMillis()).executeUpdate();
    }

    private void remember(String key, long until, long dbNow) {
        long localUntil = System.currentTimeMillis() + (until - dbNow);
        if (localBlocks.size() >= MAX_LOCAL) {
            long now = System.currentTimeMillis();
            localBlocks.values().removeIf(u -> u <= now);
            if (localBlocks.size() >= MAX_LOCAL) {
                localBlocks.clear();
            }
        }
        localBlocks.merge(key, localUntil, Math::max);
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
