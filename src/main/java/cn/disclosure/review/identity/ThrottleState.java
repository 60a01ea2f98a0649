package cn.disclosure.review.identity;

/**
 * The failure count of one throttle key (an account name or a source address) and the rule that
 * moves it on at each failed sign-in; times in epoch milliseconds. Pure, so the rule is tested
 * on its own ({@link LoginThrottle} keeps the state in the database).
 */
record ThrottleState(int failures, long windowStart, int strikes, long blockedUntil, long lastFailure) {

    record Rule(int limit, long window, long block, long maxBlock, long quietReset) {
        long blockAfter(int strikes) {
            long d = block;
            for (int i = 0; i < strikes && d < maxBlock; i++) {
                d *= 2;
            }
            return Math.min(d, maxBlock);
        }
    }

    static ThrottleState fresh(long now) {
        return new ThrottleState(0, now, 0, 0, now);
    }

    boolean blockedAt(long now) {
        return blockedUntil > now;
    }

    /**
     * One more failure at {@code now}. A key quiet for {@code quietReset} (counted from its last
     * failure or the end of its block, whichever is later) starts afresh; a count
     * older than the window restarts; reaching the limit blocks for {@code block}; after a block,
     * every further failure (before the key is quiet again) blocks at once for twice as long as the
     * previous block, up to {@code maxBlock}. A failure while blocked (a request that was let in just
     * before the block started) only counts.
     */
    ThrottleState afterFailure(long now, Rule rule) {
        int f = failures;
        long ws = windowStart;
        int s = strikes;
        if (now - Math.max(lastFailure, blockedUntil) >= rule.quietReset()) {
            f = 0;
            s = 0;
            ws = now;
        }
        if (now - ws >= rule.window()) {
            f = 0;
            ws = now;
        }
        f++;
        if (blockedAt(now)) {
            return new ThrottleState(f, ws, s, blockedUntil, now);
        }
        if (s > 0 || f >= rule.limit()) {
            return new ThrottleState(0, now, s + 1, now + rule.blockAfter(s), now);
        }
        return new ThrottleState(f, ws, s, blockedUntil, now);
    }

    /** Whether {@code next} started a block that {@code this} did not have. */
    boolean startedBlock(ThrottleState next, long now) {
        return next.blockedAt(now) && !blockedAt(now);
    }
}
