package cn.disclosure.review.workflow;

import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.core.Roles;
import cn.disclosure.review.core.Verdict;
import cn.disclosure.review.core.Channel;
import cn.disclosure.review.web.ProblemException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * 谁公开谁审查: which roles approve a revision, in which order, and who may decide a step.
 *
 * <p>Like a Wagtail workflow, a chain is an ordered list of tasks (here: reviewer roles). The chain
 * of a revision is fixed when the revision is created and stored with it, so a configuration
 * change never alters a review in progress. Configuration ({@code review.chain.*}):
 * <ul>
 *   <li>{@code steps} — the default chain, default {@code DEPT_REVIEWER,SECRECY_OFFICE}
 *       (科室负责人 of the owning department, then 保密办);</li>
 *   <li>{@code overrides."<department>/<CHANNEL>"}, {@code overrides."<department>"},
 *       {@code overrides."<CHANNEL>"} — a chain for a department and channel, a department, or a
 *       channel (looked up in that order);</li>
 *   <li>{@code when-not-clean} — roles appended when the automatic inspection verdict is not PASS,
 *       default {@code LEADER} (分管领导).</li>
 * </ul>
 * Who may decide a step is {@link Permissions}' answer.
 */
@ApplicationScoped
public class ApprovalChain {

    @ConfigMapping(prefix = "review.chain")
    public interface Config {
        @WithDefault("DEPT_REVIEWER,SECRECY_OFFICE")
        List<String> steps();

        @WithDefault("LEADER")
        List<String> whenNotClean();

        Map<String, String> overrides();
    }

    /** Roles that can hold a step of a chain. */
    public static final Set<String> REVIEWER_ROLES = Set.of(Roles.DEPT_REVIEWER, Roles.SECRECY_OFFICE, Roles.LEADER);

    @Inject
    Config config;

    void validate(@Observes StartupEvent ev) {
        List<String> all = new ArrayList<>(config.steps());
        all.addAll(config.whenNotClean());
        config.overrides().values().forEach(v -> all.addAll(split(v)));
        for (String role : all) {
            if (!REVIEWER_ROLES.contains(role)) {
                throw new IllegalStateException("review.chain 配置了无效的审查角色：" + role + "（可用：" + REVIEWER_ROLES + "）");
            }
        }
        if (config.steps().isEmpty()) {
            throw new IllegalStateException("review.chain.steps 不能为空");
        }
    }

    /** The chain for a new revision of a draft of {@code department} on {@code channel} with {@code verdict}. */
    public List<String> chainFor(String department, Channel channel, Verdict verdict) {
        Map<String, String> o = config.overrides();
        String configured = o.get(department + "/" + channel.name());
        if (configured == null) {
            configured = o.get(department);
        }
        if (configured == null) {
            configured = o.get(channel.name());
        }
        List<String> chain = new ArrayList<>(configured == null ? config.steps() : split(configured));
        if (verdict != Verdict.PASS) {
            for (String role : config.whenNotClean()) {
                if (!chain.contains(role)) {
                    chain.add(role);
                }
            }
        }
        return List.copyOf(chain);
    }

    /**
     * The chain of revision {@code r}: the one fixed by its verdict, or — while its inspection runs —
     * the chain a clean verdict would fix (its first step is known; later steps may still be added).
     */
    public List<String> rolesOf(Draft d, Revision r) {
        return r.inspected() ? r.chainRoles() : chainFor(d.department, r.channel, Verdict.PASS);
    }

    public static String label(String role) {
        return switch (role) {
            case Roles.DEPT_REVIEWER -> "科室负责人";
            case Roles.SECRECY_OFFICE -> "保密办";
            case Roles.LEADER -> "分管领导";
            default -> role;
        };
    }

    /** A step's role with the department where it matters, e.g. "科室负责人（办公室）". */
    public static String describe(String role, String department) {
        return Roles.DEPT_REVIEWER.equals(role) ? label(role) + "（" + department + "）" : label(role);
    }

    public static ProblemException alreadyDecided() {
        return ProblemException.conflict("step-already-decided", "该审查环节已由他人处理，请刷新待审列表");
    }

    private static List<String> split(String roles) {
        return Arrays.stream(roles.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The chain of {@code r} with its decisions, for display (the provisional chain while the inspection runs). */
    public List<ChainStep> steps(Draft d, Revision r, List<Decision> decisions) {
        List<ChainStep> out = new ArrayList<>();
        List<String> roles = rolesOf(d, r);
        boolean inReview = d.state == ReviewState.IN_REVIEW && d.currentRevision == r.number;
        for (int i = 1; i <= roles.size(); i++) {
            String role = roles.get(i - 1);
            int step = i;
            Decision x = decisions.stream().filter(y -> y.step == step).findFirst().orElse(null);
            if (x != null) {
                out.add(new ChainStep(i, role, ApprovalChain.describe(role, d.department), x.decision.name(), x.actor,
                        x.decision.name(), x.opinion, x.justification, x.contentHash, x.decidedAt));
            } else {
                String status = !inReview ? "NOT_REACHED" : Objects.equals(d.currentStep, i) ? "PENDING" : "WAITING";
                out.add(new ChainStep(i, role, ApprovalChain.describe(role, d.department), status,
                        null, null, null, null, null, null));
            }
        }
        return out;
    }
}
