package cn.disclosure.review.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The counting rule behind sign-in throttling, one key at a time (times in ms). */
class ThrottleStateTest {
    private static final long S = 1000;
    private static final long MIN = 60 * S;
    private static final ThrottleState.Rule RULE = new ThrottleState.Rule(10, MIN, MIN, 60 * MIN, 15 * MIN);

    private static ThrottleState failures(ThrottleState s, int n, long at) {
        for (int i = 0; i < n; i++) {
            s = s.afterFailure(at, RULE);
        }
        return s;
    }

    @Test
    void theTenthFailureWithinAMinuteBlocksForAMinute() {
        ThrottleState s = failures(ThrottleState.fresh(0), 9, 10 * S);
        assertThat(s.blockedAt(10 * S)).isFalse();
        ThrottleState tenth = s.afterFailure(20 * S, RULE);
        assertThat(s.startedBlock(tenth, 20 * S)).isTrue();
        assertThat(tenth.blockedUntil()).isEqualTo(20 * S + MIN);
        assertThat(tenth.strikes()).isEqualTo(1);
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowDoNotBlock() {
        ThrottleState s = ThrottleState.fresh(0);
        for (int i = 0; i < 30; i++) {
            s = s.afterFailure(i * 7 * S, RULE); // one every 7 s: at most 9 in any window of a minute
            assertThat(s.blockedAt(i * 7 * S)).as("failure %d", i).isFalse();
        }
    }

    @Test
    void everyFailureAfterABlockBlocksAgainForTwiceAsLongUpToTheMaximum() {
        ThrottleState s = failures(ThrottleState.fresh(0), 10, 0);
        long t = s.blockedUntil();
        long expected = MIN;
        for (int block = 2; block <= 10; block++) {
            ThrottleState next = s.afterFailure(t, RULE);
            expected = Math.min(expected * 2, 60 * MIN);
            assertThat(s.startedBlock(next, t)).isTrue();
            assertThat(next.blockedUntil() - t).as("block %d", block).isEqualTo(expected);
            s = next;
            t = s.blockedUntil();
        }
        assertThat(expected).isEqualTo(60 * MIN);
    }

    @Test
    void aFailureWhileBlockedOnlyCountsAndAQuietKeyStartsAfresh() {
        ThrottleState s = failures(ThrottleState.fresh(0), 10, 0);
        ThrottleState during = s.afterFailure(30 * S, RULE);
        assertThat(during.blockedUntil()).isEqualTo(s.blockedUntil());
        assertThat(during.strikes()).isEqualTo(s.strikes());
        // quiet for just under the reset period after the block ended: still on strike, blocks at once
        long end = s.blockedUntil();
        assertThat(during.afterFailure(end + 15 * MIN - S, RULE).blockedAt(end + 15 * MIN - S)).isTrue();
        // quiet for the reset period after the block ended: no strikes left, one failure does not block
        ThrottleState later = during.afterFailure(end + 15 * MIN, RULE);
        assertThat(later.blockedAt(end + 15 * MIN)).isFalse();
        assertThat(later.strikes()).isZero();
        assertThat(later.failures()).isEqualTo(1);
    }
}
