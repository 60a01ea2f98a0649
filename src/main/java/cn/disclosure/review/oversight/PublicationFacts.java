package cn.disclosure.review.oversight;

import cn.disclosure.review.core.Verdict;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.InspectionResult;
import cn.disclosure.review.workflow.ApprovalChain;
import cn.disclosure.review.workflow.Decision;
import cn.disclosure.review.workflow.DecisionType;
import cn.disclosure.review.workflow.Inspections;
import cn.disclosure.review.workflow.Publication;
import cn.disclosure.review.workflow.RevisionInspection;
import cn.disclosure.review.workflow.Withdrawal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the records say about published items, read independently of the workflow that wrote them:
 * whether the approval chain is complete (审查审批手续完备: every step of the revision's stored chain
 * approved, on the content hash that went online, before it went online, by different people none
 * of whom submitted it), whether the register line is complete (信息发布登记完整), and the stored
 * inspection result. Used by spot checks and the 自查自评.
 */
@ApplicationScoped
public class PublicationFacts {

    @Inject
    Inspections inspections;

    /** One step of the chain as recorded. */
    public record Step(int step, String role, String roleLabel, String reviewer, String decision, OffsetDateTime decidedAt,
                       String opinion, boolean contentMatches) {
    }

    /** The approval chain of a publication and whether it is complete, with what is missing. */
    public record Approval(boolean complete, List<Step> steps, List<String> exceptions) {
    }

    /** The stored inspection of the published revision: verdict and findings without the matched text. */
    public record InspectionSummary(String verdict, OffsetDateTime finishedAt, List<FindingSummary> findings) {
    }

    public record FindingSummary(String severity, String category, String rule, String message, String part) {
    }

    /** Everything a checker needs about one published item. */
    public record Facts(long publicationId, long draftId, int revision, String title, String docNumber, String channel,
                        String channelLabel, String url, String department, String submitter, OffsetDateTime publishedAt,
                        String publishedBy, String via, String contentHash, String verdict, OffsetDateTime withdrawnAt,
                        String withdrawalReason, Approval approval, List<String> registerGaps, InspectionSummary inspection) {
        public boolean registerComplete() {
            return registerGaps.isEmpty();
        }
    }

    /** Facts of the given publications, in the order of {@code pubs}. */
    public List<Facts> of(List<Publication> pubs) {
        if (pubs.isEmpty()) {
            return List.of();
        }
        List<Long> revisionIds = pubs.stream().map(p -> p.revisionId).distinct().toList();
        Map<Long, List<Decision>> decisions = Decision.forRevisions(revisionIds).stream()
                .collect(Collectors.groupingBy(d -> d.revision.id));
        Map<Long, RevisionInspection> stored = chunks(revisionIds).stream()
                .flatMap(ids -> RevisionInspection.<RevisionInspection>list("revisionId in ?1", ids).stream())
                .collect(Collectors.toMap(ri -> ri.revisionId, Function.identity()));
        Map<Long, Withdrawal> withdrawals = chunks(pubs.stream().map(p -> p.id).toList()).stream()
                .flatMap(ids -> Withdrawal.<Withdrawal>list("publicationId in ?1", ids).stream())
                .collect(Collectors.toMap(w -> w.publicationId, Function.identity()));
        List<Facts> out = new ArrayList<>(pubs.size());
        for (Publication p : pubs) {
            RevisionInspection ri = stored.get(p.revisionId);
            List<Decision> ds = decisions.getOrDefault(p.revisionId, List.of());
            Withdrawal w = withdrawals.get(p.id);
            out.add(new Facts(p.id, p.draftId, p.revision, p.title, p.docNumber, p.channel.name(), p.channel.label, p.url,
                    p.department, p.submitter, p.publishedAt, p.publishedBy, p.via.name(), p.contentHash, p.verdict.name(),
                    w == null ? null : w.at, w == null ? null : w.reason, approval(p, ri, ds), registerGaps(p, ds),
                    summary(ri)));
        }
        return out;
    }

    static Approval approval(Publication p, RevisionInspection ri, List<Decision> ds) {
        List<String> exceptions = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        if (ri == null) {
            exceptions.add("发布的版本没有保存的自动检查结果，无法确定审查环节");
            for (Decision d : ds) {
                steps.add(step(p, d, d.role));
            }
            return new Approval(false, steps, exceptions);
        }
        List<String> roles = ri.chainRoles();
        Set<String> actors = new HashSet<>();
        for (int i = 1; i <= roles.size(); i++) {
            String role = roles.get(i - 1);
            int n = i;
            Decision d = ds.stream().filter(x -> x.step == n).findFirst().orElse(null);
            String label = ApprovalChain.describe(role, p.department);
            if (d == null) {
                exceptions.add("第 " + i + " 步（" + label + "）没有审查记录");
                steps.add(new Step(i, role, label, null, null, null, null, false));
                continue;
            }
            Step s = step(p, d, role);
            steps.add(s);
            if (d.decision != DecisionType.APPROVE) {
                exceptions.add("第 " + i + " 步（" + label + "）的决定不是同意");
            }
            if (!role.equals(d.role)) {
                exceptions.add("第 " + i + " 步应由" + ApprovalChain.label(role) + "审查，记录的是" + ApprovalChain.label(d.role));
            }
            if (!s.contentMatches()) {
                exceptions.add("第 " + i + " 步审查的内容与发布的内容不一致");
            }
            if (d.decidedAt != null && p.publishedAt != null && d.decidedAt.isAfter(p.publishedAt)) {
                exceptions.add("第 " + i + " 步在发布之后才审查");
            }
            if (d.actor != null && d.actor.equals(p.submitter)) {
                exceptions.add("第 " + i + " 步的审查人是稿件提交人本人");
            }
            if (d.actor != null && !actors.add(d.actor)) {
                exceptions.add("第 " + i + " 步的审查人已审查过本版本的其他环节");
            }
        }
        if (ri.verdict == Verdict.BLOCK) {
            exceptions.add("自动检查结论为禁止发布");
        }
        return new Approval(exceptions.isEmpty(), steps, exceptions);
    }

    private static Step step(Publication p, Decision d, String role) {
        return new Step(d.step, role, ApprovalChain.describe(role, p.department), d.actor, d.decision.name(), d.decidedAt,
                d.opinion, p.contentHash.equals(d.contentHash));
    }

    /** The register fields a complete 信息发布登记 line needs and this one lacks. */
    static List<String> registerGaps(Publication p, List<Decision> ds) {
        List<String> gaps = new ArrayList<>();
        if (blank(p.title)) {
            gaps.add("标题");
        }
        if (blank(p.department)) {
            gaps.add("部门");
        }
        if (blank(p.submitter)) {
            gaps.add("提交人");
        }
        if (blank(p.url)) {
            gaps.add("发布网址");
        }
        if (p.publishedAt == null || blank(p.publishedBy)) {
            gaps.add("发布时间或发布人");
        }
        if (blank(p.contentHash)) {
            gaps.add("内容哈希");
        }
        if (ds.stream().noneMatch(d -> d.decision == DecisionType.APPROVE)) {
            gaps.add("审查人及审查时间");
        }
        return gaps;
    }

    private InspectionSummary summary(RevisionInspection ri) {
        if (ri == null) {
            return null;
        }
        InspectionResult r = inspections.fromJson(ri.result);
        List<FindingSummary> findings = new ArrayList<>();
        for (Finding f : r.findings()) {
            findings.add(new FindingSummary(f.severity() == null ? null : f.severity().name(),
                    f.category() == null ? null : f.category().name(), f.rule(), f.message(), Inspections.partLabel(f.part())));
        }
        return new InspectionSummary(ri.verdict.name(), ri.finishedAt, findings);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static <T> List<List<T>> chunks(Collection<T> all) {
        List<T> list = new ArrayList<>(all);
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i += 1000) {
            out.add(list.subList(i, Math.min(list.size(), i + 1000)));
        }
        return out;
    }

    /** Map of publication id to facts. */
    public static Map<Long, Facts> byId(List<Facts> facts) {
        Map<Long, Facts> m = new LinkedHashMap<>();
        facts.forEach(f -> m.put(f.publicationId(), f));
        return m;
    }
}
