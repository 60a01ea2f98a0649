package cn.disclosure.review.workflow;

import cn.disclosure.review.web.ProblemException;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static cn.disclosure.review.workflow.ReviewState.APPROVED;
import static cn.disclosure.review.workflow.ReviewState.DRAFT;
import static cn.disclosure.review.workflow.ReviewState.IN_REVIEW;
import static cn.disclosure.review.workflow.ReviewState.PUBLISHED;
import static cn.disclosure.review.workflow.ReviewState.REJECTED;
import static cn.disclosure.review.workflow.ReviewState.RETURNED;
import static cn.disclosure.review.workflow.ReviewState.WITHDRAWN;

/**
 * The table of the one state machine of a draft: which action leads from which state to which.
 * States change only through {@link Workflow#transition}, which consults this table; an action that
 * the table does not list for the current state is refused with 409 {@code illegal-transition},
 * carrying {@code currentState} and the {@code allowed} actions (with {@code reachable} target states).
 *
 * <pre>
 *   DRAFT      --SUBMIT-->             IN_REVIEW
 *   IN_REVIEW  --APPROVE_STEP-->       IN_REVIEW   (a step approved, more steps to go)
 *   IN_REVIEW  --APPROVE_FINAL-->      APPROVED    (last step approved)
 *   IN_REVIEW  --RETURN-->             RETURNED    (退回修改)
 *   IN_REVIEW  --REJECT-->             REJECTED    (不予公开, final)
 *   APPROVED   --PUBLISH-->            PUBLISHED
 *   PUBLISHED  --WITHDRAW-->           WITHDRAWN   (撤稿, with reason)
 *   any but REJECTED --REVISE-->            DRAFT      (new revision kept back)
 *   any but REJECTED --REVISE_AND_SUBMIT--> IN_REVIEW  (new revision; the chain starts over)
 * </pre>
 */
public final class Lifecycle {

    /** What someone does to a draft. */
    public enum Action {
        SUBMIT("送审", "draft.submit"),
        REVISE("修改（暂存）", "draft.revise"),
        REVISE_AND_SUBMIT("修改并送审", "draft.revise"),
        APPROVE_STEP("审查同意", "review.decision.approve"),
        APPROVE_FINAL("审查同意（最后一步）", "review.decision.approve"),
        RETURN("退回修改", "review.decision.return"),
        REJECT("不予公开", "review.decision.reject"),
        PUBLISH("发布", "publication.record"),
        WITHDRAW("撤稿", "publication.withdraw");

        public final String label;
        /** The namespaced name of the audit line a transition by this action writes. */
        public final String auditAction;

        Action(String label, String auditAction) {
            this.label = label;
            this.auditAction = auditAction;
        }
    }

    private static final Map<ReviewState, Map<Action, ReviewState>> TABLE = new EnumMap<>(ReviewState.class);

    static {
        on(DRAFT, Action.SUBMIT, IN_REVIEW);
        on(IN_REVIEW, Action.APPROVE_STEP, IN_REVIEW);
        on(IN_REVIEW, Action.APPROVE_FINAL, APPROVED);
        on(IN_REVIEW, Action.RETURN, RETURNED);
        on(IN_REVIEW, Action.REJECT, REJECTED);
        on(APPROVED, Action.PUBLISH, PUBLISHED);
        on(PUBLISHED, Action.WITHDRAW, WITHDRAWN);
        for (ReviewState s : List.of(DRAFT, IN_REVIEW, RETURNED, APPROVED, PUBLISHED, WITHDRAWN)) {
            on(s, Action.REVISE, DRAFT);
            on(s, Action.REVISE_AND_SUBMIT, IN_REVIEW);
        }
        TABLE.putIfAbsent(REJECTED, new LinkedHashMap<>());
    }

    private Lifecycle() {
    }

    private static void on(ReviewState from, Action action, ReviewState to) {
        TABLE.computeIfAbsent(from, k -> new LinkedHashMap<>()).put(action, to);
    }

    /** The state after {@code action}, or 409 {@code illegal-transition}. */
    public static ReviewState next(ReviewState current, Action action) {
        return target(current, action).orElseThrow(() -> illegal(current, action));
    }

    public static Optional<ReviewState> target(ReviewState current, Action action) {
        return Optional.ofNullable(TABLE.getOrDefault(current, Map.of()).get(action));
    }

    public static boolean allows(ReviewState current, Action action) {
        return target(current, action).isPresent();
    }

    /** The actions the table allows from {@code current}, in table order. */
    public static List<Action> allowed(ReviewState current) {
        return List.copyOf(TABLE.getOrDefault(current, Map.of()).keySet());
    }

    public static Map<Action, ReviewState> transitionsFrom(ReviewState current) {
        return Collections.unmodifiableMap(TABLE.getOrDefault(current, Map.of()));
    }

    public static ProblemException illegal(ReviewState current, Action action) {
        List<Action> allowed = allowed(current);
        return new ProblemException(409, "illegal-transition",
                "稿件当前状态为“" + current.label + "”，不能执行“" + action.label + "”"
                        + (allowed.isEmpty() ? "（该状态为终态）" : ""))
                .with("currentState", current.name())
                .with("action", action.name())
                .with("allowed", allowed.stream().map(Enum::name).toList())
                .with("reachable", allowed.stream().map(a -> TABLE.get(current).get(a).name()).distinct().toList());
    }
}
