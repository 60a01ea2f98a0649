package cn.disclosure.review.review;

import cn.disclosure.review.workflow.Inspections;
import cn.disclosure.review.workflow.InspectionView;
import cn.disclosure.review.workflow.Permissions;
import cn.disclosure.review.workflow.ApprovalChain;
import cn.disclosure.review.workflow.Decision;
import cn.disclosure.review.workflow.ReviewState;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.core.Verdict;
import cn.disclosure.review.core.Channel;
import cn.disclosure.review.workflow.Draft;
import cn.disclosure.review.workflow.Revision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** 我的待审: the revisions whose pending step the caller may decide, oldest waiting first. */
@ApplicationScoped
public class ReviewQueue {

    @Inject
    CurrentUser user;
    @Inject
    Permissions permissions;
    @Inject
    ApprovalChain chain;
    @Inject
    Inspections inspections;

    /** @param channel optional filter; @param verdict optional filter */
    @Transactional
    public List<QueueItem> forCaller(Channel channel, Verdict verdict) {
        List<Object[]> rows = Draft.getEntityManager().createQuery(
                        "select d, r from Draft d, Revision r where r.draft = d and r.number = d.currentRevision"
                                + " and d.state = :s order by d.stepSince, d.id", Object[].class)
                .setParameter("s", ReviewState.IN_REVIEW).getResultList();
        Map<Long, List<Decision>> decisions = Decision.forRevisions(rows.stream().map(o -> ((Revision) o[1]).id).toList())
                .stream().collect(Collectors.groupingBy(x -> x.revision.id));
        List<QueueItem> out = new ArrayList<>();
        for (Object[] row : rows) {
            Draft d = (Draft) row[0];
            Revision r = (Revision) row[1];
            if (d.currentStep == null
                    || (channel != null && d.channel != channel) || (verdict != null && r.verdict() != verdict)) {
                continue;
            }
            List<Decision> decided = decisions.getOrDefault(r.id, List.of());
            if (permissions.whyNotDecide(d, r, decided, d.currentStep).isPresent()) {
                continue;
            }
            String role = chain.rolesOf(d, r).get(d.currentStep - 1);
            InspectionView inspection = inspections.status(r);
            out.add(new QueueItem(d.id, r.number, r.contentHash, d.currentStep, role, ApprovalChain.describe(role, d.department),
                    d.title, d.channel.name(), d.channel.label, d.department, d.submitter, d.docNumber,
                    r.inspected() ? r.verdict().name() : "PENDING", d.stepSince,
                    inspection));
        }
        return out;
    }
}
