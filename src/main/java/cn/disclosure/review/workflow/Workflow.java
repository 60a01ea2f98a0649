package cn.disclosure.review.workflow;

import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.workflow.Lifecycle.Action;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The review workflow of a draft, the one owner of its state — the way Wagtail's
 * {@code WorkflowState} owns {@code resume}/{@code cancel}/{@code finish}. {@link #transition}
 * checks that the action is allowed now ({@link Lifecycle}), sets the state, the pending step and
 * the timestamps, writes one audit line named after the action ({@code draft.submit},
 * {@code review.decision.approve}, {@code publication.record}…; details never carry content), and
 * fires {@link DraftTransitioned}. Intake, review and publish call it; nothing else sets a state.
 * The caller holds the draft's row lock ({@link Draft#lockById}) and its transaction.
 */
@ApplicationScoped
public class Workflow {

    @Inject
    AuditLog audit;
    @Inject
    Event<DraftTransitioned> transitioned;

    /** A draft changed state (or, for an approved step, moved to the next step). */
    public record DraftTransitioned(long draftId, int revision, Action action, ReviewState from, ReviewState to,
                                    Integer step, String actor, OffsetDateTime at) {
    }

    /**
     * Carries out {@code action} on {@code d} for {@code actor}: 409 illegal-transition when the
     * current state does not allow it. {@code details} go into the audit line, with the states.
     */
    public ReviewState transition(Draft d, Action action, String actor, Map<String, ?> details) {
        ReviewState from = d.state;
        ReviewState to = Lifecycle.next(from, action);
        Integer step = switch (action) {
            case SUBMIT, REVISE_AND_SUBMIT -> 1;
            case APPROVE_STEP -> d.currentStep + 1;
            default -> null;
        };
        OffsetDateTime now = now();
        d.state = to;
        d.currentStep = step;
        d.stepSince = now;
        d.updatedAt = now;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("draftId", d.id);
        line.put("revision", d.currentRevision);
        if (details != null) {
            line.putAll(details);
        }
        line.put("action", action.name());
        line.put("from", from.name());
        line.put("to", to.name());
        audit.append(action.auditAction, actor, "draft", d.id.toString(), line);
        transitioned.fire(new DraftTransitioned(d.id, d.currentRevision, action, from, to, step, actor, now));
        return to;
    }

    /** Checks that {@code action} is allowed on {@code d} now, without doing it (409 otherwise). */
    public static void require(Draft d, Action action) {
        Lifecycle.next(d.state, action);
    }

    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
