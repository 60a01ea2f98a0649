package cn.disclosure.review.oversight;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Reference values: the 0.95 quantile of Beta(k+1, n−k) (scipy.stats.beta.ppf). */
class ConfidenceTest {

    @Test
    void exactUpperBounds() {
        assertThat(Confidence.upperBound(59, 0, 0.95)).isCloseTo(0.04950760988822693, within(1e-9));
        assertThat(Confidence.upperBound(59, 1, 0.95)).isCloseTo(0.0778979215188183, within(1e-9));
        assertThat(Confidence.upperBound(59, 3, 0.95)).isCloseTo(0.12620655673085027, within(1e-9));
        assertThat(Confidence.upperBound(20, 2, 0.95)).isCloseTo(0.28261852488586087, within(1e-9));
        assertThat(Confidence.upperBound(5, 1, 0.95)).isCloseTo(0.6574083180011386, within(1e-9));
        assertThat(Confidence.upperBound(5, 5, 0.95)).isEqualTo(1.0);
        // large n: no underflow
        assertThat(Confidence.upperBound(5000, 40, 0.95)).isCloseTo(0.010401291233969797, within(1e-9));
    }

    @Test
    void statementFor59AndNoProblem() {
        Confidence.Statement s = Confidence.statement(59, 0, 0.95);
        assertThat(s.text()).isEqualTo("抽查 59 件，发现问题 0 件：有 95% 的把握认为问题率低于 5%");
    }

    @Test
    void statementWithProblemsRoundsTheBoundUp() {
        assertThat(Confidence.statement(59, 1, 0.95).text()).isEqualTo("抽查 59 件，发现问题 1 件：有 95% 的把握认为问题率低于 7.8%");
        assertThat(Confidence.statement(8, 0, 0.95).text()).endsWith("低于 31.3%");
        assertThat(Confidence.statement(3, 3, 0.95).text()).contains("无法给出问题率上限");
    }
}
