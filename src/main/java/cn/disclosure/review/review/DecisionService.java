package cn.disclosure.review.review;

import cn.disclosure.review.workflow.InspectionView;
import cn.disclosure.review.workflow.Workflow;
import cn.disclosure.review.workflow.Permissions;
import cn.disclosure.review.workflow.ApprovalChain;
import cn.disclosure.review.workflow.ChainStep;
import cn.disclosure.review.workflow.Decision;
import cn.disclosure.review.workflow.DecisionType;
import cn.disclosure.review.workflow.Lifecycle;
import cn.disclosure.review.workflow.ReviewState;
import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.core.Severity;
import cn.disclosure.review.core.Verdict;
import cn.disclosure.review.workflow.Draft;
import cn.disclosure.review.workflow.Inspections;
import cn.disclosure.review.workflow.Revision;
import cn.disclosure.review.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.hibernate.exception.ConstraintViolationException;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Records reviewers' decisions. Rules, in the order they are checked:
 * the draft must be IN_REVIEW (else 409 illegal-transition); the content hash must be the current
 * revision's (else 409 stale-content); RETURN/REJECT need an opinion (400); the caller must be
 * allowed to decide the pending step (403 separation-of-duties / not-your-step / other-department,
 * 409 step-already-decided); APPROVE is refused while the verdict is BLOCK (409) and needs a
 * justification when it is WARN (400). All changes of one draft are serialised by a row lock, and
 * the unique constraints on (revision, step) and (revision, person) back that up in the database.
 */
@ApplicationScoped
public class DecisionService {

    @Inject
    CurrentUser user;
    @Inject
    Inspections inspections;
    @Inject
    Workflow workflow;
    @Inject
    Permissions permissions;
    @Inject
    EntityManager em;
    @Inject
    Event<DecisionRecorded> decisionRecorded;
    @Inject
    MeterRegistry metrics;

    @Transactional
    public DecisionResult decide(long draftId, DecisionInput in) {
        DecisionType type = parse(in == null ? null : in.decision());
        Draft d = Draft.lockById(draftId).orElseThrow(() -> ProblemException.notFound("稿件 " + draftId));
        if (d.state != ReviewState.IN_REVIEW) {
            throw Lifecycle.illegal(d.state, type == DecisionType.APPROVE ? Lifecycle.Action.APPROVE_STEP
                    : type == DecisionType.RETURN ? Lifecycle.Action.RETURN : Lifecycle.Action.REJECT);
        }
        Revision r = d.current();
        if (!r.inspected()) {
            InspectionView.Progress p = inspections.view(r).progress();
            throw ProblemException.conflict("inspection-pending", "自动检查尚未完成" + (p != null && p.total() > 0
                    ? "（" + p.done() + "/" + p.total() + "，" + p.stage() + "）" : "") + "，完成后才能审查")
                    .with("inspection", inspections.view(r));
        }
        if (in.contentHash() == null || in.contentHash().isBlank()) {
            throw ProblemException.badRequest("content-hash-required", "请提供所审查内容的 contentHash");
        }
        if (!r.contentHash.equalsIgnoreCase(in.contentHash().trim())) {
            throw ProblemException.conflict("stale-content", "稿件已有新版本（第 " + r.number + " 版），请审查最新内容后再作决定")
                    .with("currentRevision", r.number).with("currentContentHash", r.contentHash);
        }
        if (type != DecisionType.APPROVE && blank(in.opinion())) {
            throw ProblemException.badRequest("opinion-required", "“" + type.label + "”须填写审查意见");
        }
        int step = d.currentStep;
        List<Decision> decided = Decision.forRevision(r.id);
        if (in.step() != null && in.step() != step) {
            throw in.step() < step ? ApprovalChain.alreadyDecided()
                    : ProblemException.conflict("step-not-reached", "第 " + in.step() + " 步尚未轮到，当前待审为第 " + step + " 步");
        }
        permissions.whyNotDecide(d, r, decided, step).ifPresent(p -> {
            throw p;
        });
        if (type == DecisionType.APPROVE) {
            refuseApprovalOverFindings(r, in.justification());
        }
        List<String> roles = r.chainRoles();
        String role = roles.get(step - 1);
        boolean last = step == roles.size();
        Lifecycle.Action action = switch (type) {
            case APPROVE -> last ? Lifecycle.Action.APPROVE_FINAL : Lifecycle.Action.APPROVE_STEP;
            case RETURN -> Lifecycle.Action.RETURN;
            case REJECT -> Lifecycle.Action.REJECT;
        };
        Workflow.require(d, action);
        OffsetDateTime now = Workflow.now();

        Decision x = new Decision();
        x.draftId = d.id;
        x.revision = r;
        x.step = step;
        x.role = role;
        x.actor = user.username();
        x.decision = type;
        x.opinion = trimToNull(in.opinion());
        x.justification = type == DecisionType.APPROVE && r.verdict() == Verdict.WARN ? in.justification().trim() : trimToNull(in.justification());
        x.contentHash = r.contentHash;
        x.decidedAt = now;
        x.persist();
        flushTranslatingConstraints();

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("decisionId", x.id);
        details.put("step", step);
        details.put("role", role);
        details.put("decision", type.name());
        details.put("contentHash", r.contentHash);
        details.put("verdict", r.verdict().name());
        details.put("justified", x.justification != null);
        ReviewState to = workflow.transition(d, action, x.actor, details);
        decisionRecorded.fire(new DecisionRecorded(d.id, r.number, d.title, d.channel.name(), d.department, role,
                type.name(), x.actor, to.name(), r.contentHash, now));
        metrics.counter("review.decisions", "decision", type.name(), "role", role).increment();
        return new DecisionResult(x.id, d.id, r.number, step, role, type.name(), to.name(), now,
                d.currentStep, d.currentStep == null ? null : roles.get(d.currentStep - 1));
    }

    private void refuseApprovalOverFindings(Revision r, String justification) {
        if (r.verdict() == Verdict.BLOCK) {
            List<String> blocking = inspections.summarise(r, Severity.BLOCK);
            throw ProblemException.conflict("blocked-by-findings",
                            "自动检查结论为“禁止发布”，不能审查同意；请退回修改或不予公开")
                    .with("findings", blocking);
        }
        if (r.verdict() == Verdict.WARN && blank(justification)) {
            throw ProblemException.badRequest("justification-required",
                            "自动检查有需人工确认的问题，同意前须填写接受理由（justification），理由将被记录")
                    .with("findings", inspections.summarise(r, Severity.WARN));
        }
    }

    private void flushTranslatingConstraints() {
        try {
            em.flush();
        } catch (PersistenceException e) {
            String constraint = constraintName(e);
            if (constraint != null && constraint.contains("one_per_step")) {
                throw ApprovalChain.alreadyDecided();
            }
            if (constraint != null && constraint.contains("one_step_per_person")) {
                throw ProblemException.forbidden("separation-of-duties", "同一人不能审查同一版本稿件的两个环节");
            }
            throw e;
        }
    }

    private static String constraintName(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException c) {
                return c.getConstraintName() == null ? null : c.getConstraintName().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static DecisionType parse(String s) {
        if (s == null || s.isBlank()) {
            throw ProblemException.badRequest("decision-required", "请选择审查决定：APPROVE（同意）、RETURN（退回修改）或 REJECT（不予公开）");
        }
        try {
            return DecisionType.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("unknown-decision", "无效的审查决定：" + s + "（可选 APPROVE、RETURN、REJECT）");
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String trimToNull(String s) {
        return blank(s) ? null : s.trim();
    }

}
