package cn.disclosure.review.publish;

import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.identity.Roles;
import cn.disclosure.review.inspect.Severity;
import cn.disclosure.review.inspect.Verdict;
import cn.disclosure.review.intake.Channel;
import cn.disclosure.review.intake.Channels;
import cn.disclosure.review.intake.Draft;
import cn.disclosure.review.intake.IntakeConfig;
import cn.disclosure.review.intake.Revision;
import cn.disclosure.review.review.ApprovalChain;
import cn.disclosure.review.review.Decision;
import cn.disclosure.review.review.DecisionService;
import cn.disclosure.review.review.DecisionType;
import cn.disclosure.review.review.Lifecycle;
import cn.disclosure.review.review.ReviewState;
import cn.disclosure.review.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * 先审查、后公开 · 一事一审: publishing is possible only for the current revision of an APPROVED
 * draft, on the channel it was approved for, once. Two ways in: an editor records the publication
 * of the approved revision ({@link #publish}); a CMS asks the {@link PublishGate} with the exact
 * content it is about to publish. Both use the rules here ({@link #refusalReasons}) and record a
 * publication the same way ({@link #record}). Withdrawals (撤稿) are recorded here too.
 */
@ApplicationScoped
public class PublicationService {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Inject
    CurrentUser user;
    @Inject
    Reminders reminders;
    @Inject
    DecisionService decisions;
    @Inject
    AuditLog audit;
    @Inject
    EntityManager em;
    @Inject
    Event<PublicationRecorded> publicationRecorded;
    @Inject
    MeterRegistry metrics;
    @Inject
    IntakeConfig intake;

    // ---- editor: record the publication of the approved revision ----

    @Transactional
    public PublishViews.Published publish(long draftId, PublishViews.PublishRequest in) {
        Draft d = Draft.lockById(draftId).orElseThrow(() -> ProblemException.notFound("稿件 " + draftId));
        if (!user.has(Roles.ADMIN) && !(user.has(Roles.EDITOR) && Objects.equals(user.department(), d.department))) {
            throw ProblemException.forbidden("other-department", "只有本部门（" + d.department + "）的编辑可以登记发布该稿件");
        }
        Channel channel = in == null || in.channel() == null || in.channel().isBlank() ? d.channel : Channels.parse(in.channel());
        List<PublishViews.GateReason> reasons = refusalReasons(d, channel);
        if (!reasons.isEmpty()) {
            metrics.counter("review.publications.refused", "via", Publication.Via.EDITOR.name()).increment();
            throw new ProblemException(409, "publication-refused", "不能发布：" + reasons.get(0).message())
                    .with("reasons", reasons.stream().map(PublishViews.GateReason::message).toList())
                    .with("reasonCodes", reasons.stream().map(PublishViews.GateReason::code).toList())
                    .with("currentState", d.state.name())
                    .with("allowed", Lifecycle.allowed(d.state).stream().map(Enum::name).toList());
        }
        Publication p = record(d, channel, in == null ? null : trimToNull(in.url()), Publication.Via.EDITOR);
        return new PublishViews.Published(p.id, d.id, p.revision, p.channel.name(), p.url, p.contentHash, p.publishedAt,
                d.state.name(), reminders.forChannel(channel));
    }

    // ---- the rules, shared by both ways in ----

    /** Why the current revision of {@code d} cannot be published on {@code channel} now; empty when it can. */
    List<PublishViews.GateReason> refusalReasons(Draft d, Channel channel) {
        Revision r = d.current();
        List<PublishViews.GateReason> reasons = new ArrayList<>();
        switch (d.state) {
            case DRAFT -> reasons.add(reason("not-submitted", "稿件尚未送审：请先提交保密审查（先审查、后公开）"));
            case IN_REVIEW -> {
                List<String> roles = r.chainRoles();
                List<String> missing = new ArrayList<>();
                for (int i = d.currentStep; i <= roles.size(); i++) {
                    missing.add(ApprovalChain.describe(roles.get(i - 1), d.department));
                }
                reasons.add(reason("in-review", "审查尚未完成：第 " + r.number + " 版还缺 " + String.join("、", missing) + " 的审查同意（共 "
                        + roles.size() + " 步，当前第 " + d.currentStep + " 步）"));
                if (r.verdict == Verdict.BLOCK) {
                    List<String> lines = new ArrayList<>();
                    decisions.summarise(r, Severity.BLOCK).forEach(lines::add);
                    reasons.add(reason("in-review", "自动检查结论为“禁止发布”，该版本不能审查通过，须修改：" + String.join("；", lines)));
                }
            }
            case RETURNED -> reasons.add(reason("returned", "稿件已被退回修改" + lastOpinion(r) + "：请修改后重新送审"));
            case REJECTED -> reasons.add(reason("rejected", "稿件经审查不予公开" + lastOpinion(r) + "，不得发布"));
            case PUBLISHED -> {
                Optional<Publication> p = Publication.ofRevision(r.id, channel);
                reasons.add(reason("already-published", p.isPresent()
                        ? "该稿件第 " + r.number + " 版已于 " + local(p.get().publishedAt) + " 发布（登记号 " + p.get().id
                        + "），同一审查不能重复发布；如需修改或再次发布，请修改稿件并重新送审"
                        : "该稿件已发布；同一审查不能重复发布，如需修改或再次发布，请修改稿件并重新送审"));
            }
            case WITHDRAWN -> reasons.add(reason("withdrawn", "该稿件已撤稿，不能再次发布；如需重新发布，请修改后重新送审"));
            case APPROVED -> {
                if (r.channel != channel) {
                    reasons.add(reason("wrong-channel", "审查通过的发布渠道是“" + r.channel.label + "”，不能发布到“" + channel.label
                            + "”：请按审批的渠道发布，或另行送审"));
                } else if (Publication.ofRevision(r.id, channel).isPresent()) {
                    reasons.add(reason("already-published", "该审查已用于发布，同一审查不能重复发布"));
                }
            }
        }
        return reasons;
    }

    static PublishViews.GateReason reason(String code, String message) {
        return new PublishViews.GateReason(code, message);
    }

    private static String lastOpinion(Revision r) {
        return Decision.forRevision(r.id).stream().filter(x -> x.decision != DecisionType.APPROVE).reduce((a, b) -> b)
                .map(x -> "（" + ApprovalChain.label(x.role) + "意见：" + x.opinion + "）").orElse("");
    }

    private String local(OffsetDateTime t) {
        ZoneId zone = intake.zone();
        return t.atZoneSameInstant(zone).format(LOCAL);
    }

    /** Records the publication of the current revision (the caller holds the draft's row lock and checked the rules). */
    Publication record(Draft d, Channel channel, String url, Publication.Via via) {
        Revision r = d.current();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        ReviewState from = d.state;
        ReviewState to = Lifecycle.next(from, Lifecycle.Action.PUBLISH);
        Publication p = new Publication();
        p.draftId = d.id;
        p.revisionId = r.id;
        p.revision = r.number;
        p.channel = channel;
        p.url = url == null ? d.plannedUrl : url;
        p.title = r.title;
        p.docNumber = r.docNumber;
        p.department = d.department;
        p.submitter = d.submitter;
        p.contentHash = r.contentHash;
        p.verdict = r.verdict;
        p.publishedAt = now;
        p.publishedBy = user.username();
        p.via = via;
        p.persist();
        try {
            em.flush();
        } catch (PersistenceException e) {
            throw ProblemException.conflict("already-published", "该审查已用于发布，同一审查不能重复发布");
        }
        d.state = to;
        d.currentStep = null;
        d.stepSince = now;
        d.updatedAt = now;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("publicationId", p.id);
        details.put("draftId", d.id);
        details.put("revision", r.number);
        details.put("channel", channel.name());
        details.put("contentHash", r.contentHash);
        details.put("via", via.name());
        audit.append("PUBLICATION_RECORDED", p.publishedBy, "draft", d.id.toString(), details);
        audit.append("STATE_CHANGED", p.publishedBy, "draft", d.id.toString(),
                Map.of("from", from.name(), "to", to.name(), "action", Lifecycle.Action.PUBLISH.name(), "revision", r.number));
        publicationRecorded.fire(new PublicationRecorded(p.id, d.id, r.number, r.title, channel.name(), p.url,
                r.contentHash, false, p.publishedBy, now));
        metrics.counter("review.publications", "via", via.name(), "channel", channel.name()).increment();
        return p;
    }

    // ---- withdrawal ----

    @Transactional
    public PublishViews.Withdrawn withdraw(long publicationId, PublishViews.WithdrawalRequest in) {
        String reason = in == null ? null : trimToNull(in.reason());
        if (reason == null) {
            throw ProblemException.badRequest("reason-required", "撤稿须填写原因");
        }
        Publication p = Publication.<Publication>findByIdOptional(publicationId)
                .orElseThrow(() -> ProblemException.notFound("发布记录 " + publicationId));
        Draft d = Draft.lockById(p.draftId).orElseThrow();
        boolean office = user.has(Roles.SECRECY_OFFICE) || user.has(Roles.ADMIN);
        boolean gatePublisher = user.has(Roles.CMS) && p.via == Publication.Via.GATE;
        if (!office && !gatePublisher && !(user.has(Roles.EDITOR) && Objects.equals(user.department(), d.department))) {
            throw ProblemException.forbidden("other-department", user.has(Roles.CMS)
                    ? "内容管理系统只能撤下经发布闸口登记的发布"
                    : "只有本部门（" + d.department + "）的编辑、保密办或管理员可以撤稿");
        }
        if (p.withdrawal().isPresent()) {
            throw ProblemException.conflict("already-withdrawn", "该发布已于 " + local(p.withdrawal().get().at) + " 撤稿");
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        Withdrawal w = new Withdrawal();
        w.publicationId = p.id;
        w.reason = reason;
        w.actor = user.username();
        w.at = now;
        w.persist();
        audit.append("PUBLICATION_WITHDRAWN", w.actor, "draft", d.id.toString(),
                Map.of("publicationId", p.id, "draftId", d.id, "revision", p.revision, "channel", p.channel.name()));
        // The draft itself is withdrawn when the publication is that of its current revision; a
        // publication of an older revision (the draft has been revised since) is withdrawn alone.
        if (d.state == ReviewState.PUBLISHED && d.currentRevision == p.revision) {
            ReviewState from = d.state;
            d.state = Lifecycle.next(from, Lifecycle.Action.WITHDRAW);
            d.stepSince = now;
            d.updatedAt = now;
            audit.append("STATE_CHANGED", w.actor, "draft", d.id.toString(),
                    Map.of("from", from.name(), "to", d.state.name(), "action", Lifecycle.Action.WITHDRAW.name(), "revision", p.revision));
        }
        publicationRecorded.fire(new PublicationRecorded(p.id, d.id, p.revision, p.title, p.channel.name(), p.url,
                p.contentHash, true, w.actor, now));
        metrics.counter("review.withdrawals", "channel", p.channel.name()).increment();
        return new PublishViews.Withdrawn(p.id, d.id, reason, w.actor, now, d.state.name());
    }

    private static String trimToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
