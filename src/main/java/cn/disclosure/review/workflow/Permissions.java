package cn.disclosure.review.workflow;

import cn.disclosure.review.core.Roles;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who may act on a draft now — for the API and the web UI alike (谁主管谁负责、谁公开谁审查):
 * <ul>
 *   <li>its department's editors write it (create, revise, submit) and record its publication;</li>
 *   <li>the holder of the pending step's role decides it — a 科室负责人 only for the own department —
 *       provided they neither submitted nor revised it and decided no other step of the revision;</li>
 *   <li>editors and 科室负责人 read their own department's drafts; 保密办, 分管领导 and administrators
 *       read all; withdrawals: the department's editors, the 保密办 and administrators, and a CMS for
 *       the publications it recorded through the gate.</li>
 * </ul>
 * The answers are Chinese 403 problems with stable codes, so every caller refuses the same way.
 */
@ApplicationScoped
public class Permissions {
    /** Roles that read drafts of every department. */
    private static final Set<String> READ_ALL = Set.of(Roles.SECRECY_OFFICE, Roles.LEADER, Roles.ADMIN, Roles.CMS);

    @Inject
    CurrentUser user;
    @Inject
    ApprovalChain chain;

    /** Whether the caller is an editor of the draft's department. */
    public boolean isEditorOf(Draft d) {
        return user.has(Roles.EDITOR) && Objects.equals(user.department(), d.department);
    }

    public void requireEditorOf(Draft d) {
        if (!isEditorOf(d)) {
            throw ProblemException.forbidden("other-department", "只有本部门（" + d.department + "）的编辑可以修改或送审该稿件");
        }
    }

    /** Recording a publication by hand: the department's editors, or an administrator. */
    public void requirePublisherOf(Draft d) {
        if (!user.has(Roles.ADMIN) && !isEditorOf(d)) {
            throw ProblemException.forbidden("other-department", "只有本部门（" + d.department + "）的编辑可以登记发布该稿件");
        }
    }

    /** Withdrawing a publication (撤稿). */
    public void requireWithdrawer(Draft d, Publication p) {
        boolean office = user.has(Roles.SECRECY_OFFICE) || user.has(Roles.ADMIN);
        boolean gatePublisher = user.has(Roles.CMS) && p.via == Publication.Via.GATE;
        if (!office && !gatePublisher && !isEditorOf(d)) {
            throw ProblemException.forbidden("other-department", user.has(Roles.CMS)
                    ? "内容管理系统只能撤下经发布闸口登记的发布"
                    : "只有本部门（" + d.department + "）的编辑、保密办或管理员可以撤稿");
        }
    }

    /** Whether the caller reads drafts of every department (a filter for lists). */
    public boolean readsAllDepartments() {
        return READ_ALL.stream().anyMatch(user::has);
    }

    /** Editors and department reviewers read drafts of their own department; the other roles read all. */
    public void requireReadable(Draft d) {
        if (!readsAllDepartments() && !Objects.equals(user.department(), d.department)) {
            throw ProblemException.forbidden("other-department", "无权查看其他部门（" + d.department + "）的稿件");
        }
    }

    /**
     * Reading revision {@code revision} of {@code d}: as {@link #requireReadable(Draft)}, and a CMS
     * account (the service account of a publishing back-end) reads only what the publish gate needs:
     * a draft whose current revision is approved (APPROVED, or PUBLISHED after the gate let it
     * through), and only that revision and its attachments. Drafts in review, returned, rejected,
     * withdrawn, and older revisions are 403 {@code cms-not-approved}.
     */
    public void requireReadable(Draft d, int revision) {
        requireReadable(d);
        if (!readsAsCmsOnly()) {
            return;
        }
        boolean approved = d.state == ReviewState.APPROVED || d.state == ReviewState.PUBLISHED;
        if (!approved) {
            throw ProblemException.forbidden("cms-not-approved", "内容管理系统账号只能查看审查通过的稿件：该稿件当前为“" + d.state.label + "”");
        }
        if (revision != d.currentRevision) {
            throw ProblemException.forbidden("cms-not-approved", "内容管理系统账号只能查看稿件审查通过的当前版本（第 " + d.currentRevision + " 版）");
        }
    }

    /** Roles that read drafts as staff; an account with none of them but CMS reads as a CMS. */
    private static final Set<String> STAFF = Set.of(Roles.EDITOR, Roles.DEPT_REVIEWER, Roles.SECRECY_OFFICE, Roles.LEADER, Roles.ADMIN);

    /** Whether the caller reads only as a CMS service account. */
    public boolean readsAsCmsOnly() {
        return user.has(Roles.CMS) && STAFF.stream().noneMatch(user::has);
    }

    /**
     * Why the caller may not decide step {@code step} of revision {@code r}, or empty when they may.
     * {@code decided} are the decisions already recorded on {@code r}.
     */
    public Optional<ProblemException> whyNotDecide(Draft d, Revision r, List<Decision> decided, int step) {
        String me = user.username();
        List<String> roles = chain.rolesOf(d, r);
        if (step > roles.size()) {
            return Optional.of(ApprovalChain.alreadyDecided());
        }
        String role = roles.get(step - 1);
        if (Objects.equals(me, d.submitter) || Objects.equals(me, r.createdBy)) {
            return Optional.of(ProblemException.forbidden("separation-of-duties", "稿件的提交人或修改人不能审查自己的稿件"));
        }
        if (decided.stream().anyMatch(x -> Objects.equals(x.actor, me))) {
            return Optional.of(ProblemException.forbidden("separation-of-duties", "同一人不能审查同一版本稿件的两个环节"));
        }
        if (!user.has(role)) {
            if (decided.stream().anyMatch(x -> user.has(x.role))) {
                return Optional.of(ApprovalChain.alreadyDecided());
            }
            return Optional.of(ProblemException.forbidden("not-your-step",
                    "当前待审环节为第 " + step + " 步“" + ApprovalChain.describe(role, d.department) + "”，您的角色不能审查该环节"));
        }
        if (Roles.DEPT_REVIEWER.equals(role) && !Objects.equals(d.department, user.department())) {
            return Optional.of(ProblemException.forbidden("other-department",
                    "科室负责人只能审查本部门的稿件（该稿件属于" + d.department + "）"));
        }
        return Optional.empty();
    }

    /** Whether the caller may decide the pending step of {@code d} now (for the queue and the review page). */
    public boolean mayDecideNow(Draft d, Revision r, List<Decision> decided) {
        return d.state == ReviewState.IN_REVIEW && d.currentStep != null && d.currentRevision == r.number
                && whyNotDecide(d, r, decided, d.currentStep).isEmpty();
    }
}
