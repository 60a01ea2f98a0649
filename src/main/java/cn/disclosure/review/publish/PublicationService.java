package cn.disclosure.review.publish;

import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.identity.Roles;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.InspectionRequest;
import cn.disclosure.review.inspect.InspectionEngine;
import cn.disclosure.review.inspect.InspectionResult;
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
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

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
 * draft, on the channel it was approved for, once. Two ways in:
 * <ul>
 *   <li>an editor records the publication of the approved revision ({@link #publish});</li>
 *   <li>a CMS asks the gate with the exact content it is about to publish ({@link #gate}); the
 *       content is compared with approved revisions by the hash of its normalised text
 *       ({@link ContentNormalizer}), so an edit made in the CMS after approval is refused.</li>
 * </ul>
 * Refusals carry Chinese reasons an editor can act on: which approval is missing, which findings
 * block, or how the content differs from what was approved.
 */
@ApplicationScoped
public class PublicationService {
    private static final Logger LOG = Logger.getLogger(PublicationService.class);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Inject
    CurrentUser user;
    @Inject
    Reminders reminders;
    @Inject
    DecisionService decisions;
    @Inject
    InspectionEngine engine;
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
        List<String> reasons = refusalReasons(d, channel);
        if (!reasons.isEmpty()) {
            metrics.counter("review.publications.refused", "via", Publication.Via.EDITOR.name()).increment();
            throw new ProblemException(409, "publication-refused", "不能发布：" + reasons.get(0))
                    .with("reasons", reasons)
                    .with("currentState", d.state.name())
                    .with("allowed", Lifecycle.allowed(d.state).stream().map(Enum::name).toList());
        }
        Publication p = record(d, channel, in == null ? null : trimToNull(in.url()), Publication.Via.EDITOR);
        return new PublishViews.Published(p.id, d.id, p.revision, p.channel.name(), p.url, p.contentHash, p.publishedAt,
                d.state.name(), reminders.forChannel(channel));
    }

    // ---- CMS: the publish gate ----

    /** What the gate found, before any inspection of unknown content. */
    private record Outcome(boolean allowed, List<String> reasons, Long publicationId, Long draftId, Integer revision,
                           boolean unknownContent) {
    }

    public PublishViews.GateAnswer gate(PublishViews.GateRequest in) {
        if (in == null) {
            throw ProblemException.badRequest("content-required", "请提供 channel 和 content");
        }
        Channel channel = Channels.parse(in.channel());
        if (in.content() == null || ContentNormalizer.normalize(in.content()).isEmpty()) {
            throw ProblemException.badRequest("content-required", "content 为空：请提供即将发布的完整内容");
        }
        String url = trimToNull(in.url());
        String textHash = ContentNormalizer.hash(in.content());
        // The hash compares visible text only; what the CMS is about to publish is also inspected as
        // it stands, so markup added after approval (an HTML comment, a hidden element) cannot ride along.
        Optional<InspectionResult> inspected = inspectAsSent(channel, in.content());
        List<String> blocking = blockingFindings(inspected);
        Outcome o = QuarkusTransaction.joiningExisting().call(() -> {
            Outcome result;
            if (!blocking.isEmpty()) {
                result = refused(blocking, in.draftId(), null, false);
            } else {
                result = in.draftId() != null ? gateForDraft(in.draftId(), channel, textHash, url) : gateByContent(channel, textHash, url);
            }
            if (!result.allowed()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("channel", channel.name());
                details.put("draftId", result.draftId());
                details.put("textHash", textHash);
                details.put("reasons", result.reasons().size());
                audit.append("PUBLISH_GATE_REFUSED", user.username(), "draft",
                        result.draftId() == null ? null : result.draftId().toString(), details);
            }
            return result;
        });
        metrics.counter("review.publish.gate", "outcome", o.allowed() ? "allowed" : "refused", "channel", channel.name()).increment();
        List<String> reasons = new ArrayList<>(o.reasons());
        if (o.unknownContent()) {
            inspected.ifPresent(result -> reasons.addAll(findingsOfUnreviewedContent(result)));
        }
        return new PublishViews.GateAnswer(o.allowed(), reasons, reminders.forChannel(channel), o.publicationId(),
                o.draftId(), o.revision());
    }

    /** The content as the CMS sends it, inspected once per gate call; empty when the inspection failed. */
    private Optional<InspectionResult> inspectAsSent(Channel channel, String content) {
        try {
            return Optional.of(engine.inspect(new InspectionRequest(channel, "", content, List.of())));
        } catch (RuntimeException e) {
            LOG.warnf("发布闸口检查未能完成：%s", e.getClass().getName());
            return Optional.empty();
        }
    }

    /**
     * BLOCK findings in the content as the CMS sends it (an approved revision never has any, so they
     * were added afterwards, e.g. in markup the text comparison ignores). Fails closed: an
     * inspection that cannot complete refuses the publication.
     */
    private List<String> blockingFindings(Optional<InspectionResult> inspected) {
        if (inspected.isEmpty()) {
            return List.of("发布前自动检查未能完成，暂不能发布：请稍后重试或联系管理员");
        }
        InspectionResult result = inspected.get();
        if (result.verdict() != Verdict.BLOCK) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        out.add("即将发布的内容含有禁止发布的内容（可能是审查通过后在内容管理系统中加入的，包括注释、隐藏元素等不可见部分），不能发布：");
        for (Finding f : result.findings()) {
            if (f.severity() == Severity.BLOCK) {
                out.add("　" + f.message() + "（位置：" + f.part() + "，规则 " + f.rule() + "）");
            }
        }
        return out;
    }

    private Outcome gateForDraft(long draftId, Channel channel, String textHash, String url) {
        Optional<Draft> found = Draft.lockById(draftId);
        if (found.isEmpty()) {
            return refused(List.of("稿件 " + draftId + " 不存在：请核对稿件编号，或不带 draftId 按内容匹配"), null, null, false);
        }
        Draft d = found.get();
        List<String> reasons = refusalReasons(d, channel);
        Revision r = d.current();
        if (reasons.isEmpty() && !matches(r, textHash)) {
            Optional<Revision> older = Revision.allOf(d.id).stream().filter(x -> matches(x, textHash)).reduce((a, b) -> b);
            reasons = List.of(older.isPresent()
                    ? "发布内容是稿件的第 " + older.get().number + " 版，审查通过的是第 " + r.number + " 版：请发布审查通过的版本"
                    : "发布内容与审查通过的第 " + r.number + " 版不一致（可能在内容管理系统中审查后又作了修改）："
                    + "请发布审查通过的原文，或将修改后的内容提交为新版本重新审查");
        }
        if (!reasons.isEmpty()) {
            return refused(reasons, d.id, r.number, false);
        }
        Publication p = record(d, channel, url, Publication.Via.GATE);
        return new Outcome(true, List.of(), p.id, d.id, p.revision, false);
    }

    private Outcome gateByContent(Channel channel, String textHash, String url) {
        List<Object[]> rows = em.createQuery("select r, d from Revision r join r.draft d"
                        + " where r.textHash = :h or r.titledTextHash = :h order by r.createdAt, r.id", Object[].class)
                .setParameter("h", textHash).getResultList();
        for (Object[] row : rows) {
            Revision r = (Revision) row[0];
            Draft d = (Draft) row[1];
            if (d.state == ReviewState.APPROVED && r.number == d.currentRevision && r.channel == channel) {
                return gateForDraft(d.id, channel, textHash, url);
            }
        }
        if (rows.isEmpty()) {
            return refused(List.of("未找到与该内容一致的审查通过稿件：内容未经保密审查，或在审查通过后又被修改。"
                    + "请将内容提交保密审查，审查通过后再发布（先审查、后公开）"), null, null, true);
        }
        Revision r = (Revision) rows.get(rows.size() - 1)[0];
        Draft d = (Draft) rows.get(rows.size() - 1)[1];
        if (r.number != d.currentRevision) {
            return refused(List.of("该内容是稿件 " + d.id + " 的第 " + r.number + " 版，稿件已修改为第 " + d.currentRevision
                    + " 版（" + d.state.label + "）：旧版本的审查不能用于发布，请发布当前版本并完成审查"), d.id, r.number, false);
        }
        List<String> reasons = refusalReasons(d, channel);
        return refused(reasons.isEmpty() ? List.of("稿件 " + d.id + " 当前不能发布") : reasons, d.id, r.number, false);
    }

    private static Outcome refused(List<String> reasons, Long draftId, Integer revision, boolean unknownContent) {
        return new Outcome(false, reasons, null, draftId, revision, unknownContent);
    }

    private static boolean matches(Revision r, String textHash) {
        return r.textHash.equals(textHash) || r.titledTextHash.equals(textHash);
    }

    /** What would block or hold up content nobody reviewed, for the editor (no matched text in the reasons). */
    private static List<String> findingsOfUnreviewedContent(InspectionResult result) {
        List<String> out = new ArrayList<>();
        for (Finding f : result.findings()) {
            if (f.severity() == Severity.BLOCK || f.severity() == Severity.WARN) {
                out.add("自动检查" + (f.severity() == Severity.BLOCK ? "发现禁止发布的问题" : "发现需人工确认的问题")
                        + "：" + f.message() + "（" + f.rule() + "）");
            }
        }
        return out;
    }

    // ---- the rules, shared by both ways in ----

    /** Why the current revision of {@code d} cannot be published on {@code channel} now; empty when it can. */
    List<String> refusalReasons(Draft d, Channel channel) {
        Revision r = d.current();
        List<String> reasons = new ArrayList<>();
        switch (d.state) {
            case DRAFT -> reasons.add("稿件尚未送审：请先提交保密审查（先审查、后公开）");
            case IN_REVIEW -> {
                List<String> roles = r.chainRoles();
                List<String> missing = new ArrayList<>();
                for (int i = d.currentStep; i <= roles.size(); i++) {
                    missing.add(ApprovalChain.describe(roles.get(i - 1), d.department));
                }
                reasons.add("审查尚未完成：第 " + r.number + " 版还缺 " + String.join("、", missing) + " 的审查同意（共 "
                        + roles.size() + " 步，当前第 " + d.currentStep + " 步）");
                if (r.verdict == Verdict.BLOCK) {
                    reasons.add("自动检查结论为“禁止发布”，该版本不能审查通过，须修改：");
                    decisions.summarise(r, Severity.BLOCK).forEach(s -> reasons.add("　" + s));
                }
            }
            case RETURNED -> reasons.add("稿件已被退回修改" + lastOpinion(r) + "：请修改后重新送审");
            case REJECTED -> reasons.add("稿件经审查不予公开" + lastOpinion(r) + "，不得发布");
            case PUBLISHED -> {
                Optional<Publication> p = Publication.ofRevision(r.id, channel);
                reasons.add(p.isPresent()
                        ? "该稿件第 " + r.number + " 版已于 " + local(p.get().publishedAt) + " 发布（登记号 " + p.get().id
                        + "），同一审查不能重复发布；如需再次发布，请修改稿件并重新送审"
                        : "该稿件已发布；同一审查不能重复发布，如需再次发布，请修改稿件并重新送审");
            }
            case WITHDRAWN -> reasons.add("该稿件已撤稿，不能再次发布；如需重新发布，请修改后重新送审");
            case APPROVED -> {
                if (r.channel != channel) {
                    reasons.add("审查通过的发布渠道是“" + r.channel.label + "”，不能发布到“" + channel.label + "”：请按审批的渠道发布，或另行送审");
                } else if (Publication.ofRevision(r.id, channel).isPresent()) {
                    reasons.add("该审查已用于发布，同一审查不能重复发布");
                }
            }
        }
        return reasons;
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
    private Publication record(Draft d, Channel channel, String url, Publication.Via via) {
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
        if (!office && !(user.has(Roles.EDITOR) && Objects.equals(user.department(), d.department))) {
            throw ProblemException.forbidden("other-department", "只有本部门（" + d.department + "）的编辑、保密办或管理员可以撤稿");
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
