package cn.disclosure.review.workflow;

import cn.disclosure.review.web.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static cn.disclosure.review.workflow.Lifecycle.Action.APPROVE_FINAL;
import static cn.disclosure.review.workflow.Lifecycle.Action.APPROVE_STEP;
import static cn.disclosure.review.workflow.Lifecycle.Action.PUBLISH;
import static cn.disclosure.review.workflow.Lifecycle.Action.REJECT;
import static cn.disclosure.review.workflow.Lifecycle.Action.RETURN;
import static cn.disclosure.review.workflow.Lifecycle.Action.REVISE;
import static cn.disclosure.review.workflow.Lifecycle.Action.REVISE_AND_SUBMIT;
import static cn.disclosure.review.workflow.Lifecycle.Action.SUBMIT;
import static cn.disclosure.review.workflow.Lifecycle.Action.WITHDRAW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleTest {

    @Test
    void theHappyPathAndItsSideRoads() {
        ReviewState s = Lifecycle.next(ReviewState.DRAFT, SUBMIT);
        assertThat(s).isEqualTo(ReviewState.IN_REVIEW);
        assertThat(Lifecycle.next(s, APPROVE_STEP)).isEqualTo(ReviewState.IN_REVIEW);
        assertThat(Lifecycle.next(s, APPROVE_FINAL)).isEqualTo(ReviewState.APPROVED);
        assertThat(Lifecycle.next(s, RETURN)).isEqualTo(ReviewState.RETURNED);
        assertThat(Lifecycle.next(s, REJECT)).isEqualTo(ReviewState.REJECTED);
        assertThat(Lifecycle.next(ReviewState.APPROVED, PUBLISH)).isEqualTo(ReviewState.PUBLISHED);
        assertThat(Lifecycle.next(ReviewState.PUBLISHED, WITHDRAW)).isEqualTo(ReviewState.WITHDRAWN);
        for (ReviewState from : List.of(ReviewState.DRAFT, ReviewState.IN_REVIEW, ReviewState.RETURNED, ReviewState.APPROVED,
                ReviewState.PUBLISHED, ReviewState.WITHDRAWN)) {
            assertThat(Lifecycle.next(from, REVISE)).isEqualTo(ReviewState.DRAFT);
            assertThat(Lifecycle.next(from, REVISE_AND_SUBMIT)).isEqualTo(ReviewState.IN_REVIEW);
        }
    }

    @Test
    void illegalTransitionsNameTheCurrentStateAndWhatIsAllowed() {
        assertThatThrownBy(() -> Lifecycle.next(ReviewState.IN_REVIEW, PUBLISH))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status).isEqualTo(409);
                    assertThat(e.problem().code).isEqualTo("illegal-transition");
                    assertThat(e.problem().extra()).containsEntry("currentState", "IN_REVIEW")
                            .containsEntry("allowed", List.of("APPROVE_STEP", "APPROVE_FINAL", "RETURN", "REJECT", "REVISE", "REVISE_AND_SUBMIT"));
                });
        assertThat(Lifecycle.allowed(ReviewState.REJECTED)).isEmpty();
        assertThat(Lifecycle.allows(ReviewState.DRAFT, PUBLISH)).isFalse();
        assertThat(Lifecycle.allows(ReviewState.WITHDRAWN, PUBLISH)).isFalse();
        assertThat(Lifecycle.allows(ReviewState.PUBLISHED, PUBLISH)).isFalse();
        assertThat(Lifecycle.allows(ReviewState.RETURNED, SUBMIT)).isFalse();
    }
}
