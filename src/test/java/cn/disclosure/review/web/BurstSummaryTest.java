package cn.disclosure.review.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BurstSummaryTest {

    @Test
    void oneEventPerKeyAndWindowGoesThroughAndCarriesTheCountLeftOut() {
        BurstSummary s = new BurstSummary(60_000, 100);
        assertThat(s.admit("127.0.0.1 unauthenticated", 0)).isZero();
        for (int i = 1; i <= 5; i++) {
            assertThat(s.admit("127.0.0.1 unauthenticated", i * 1000L)).isEqualTo(-1);
        }
        // another address or another code is its own burst
        assertThat(s.admit("10.0.0.8 unauthenticated", 2000)).isZero();
        assertThat(s.admit("127.0.0.1 csrf-token-invalid", 2000)).isZero();
        // the next window's first event carries the five left out
        assertThat(s.admit("127.0.0.1 unauthenticated", 60_000)).isEqualTo(5);
        assertThat(s.admit("127.0.0.1 unauthenticated", 60_001)).isEqualTo(-1);
    }

    @Test
    void theTableIsBoundedAndLetsEventsThroughRatherThanLosingThem() {
        BurstSummary s = new BurstSummary(60_000, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(s.admit("a" + i, 0)).isZero();
        }
        assertThat(s.admit("a0", 1)).isEqualTo(-1);
        assertThat(s.admit("new", 2)).isZero(); // table full: cleared
        assertThat(s.admit("a0", 3)).isZero();
    }
}
