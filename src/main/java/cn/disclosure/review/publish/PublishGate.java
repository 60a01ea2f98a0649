package cn.disclosure.review.publish;

import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.content.CanonicalContent;
import cn.disclosure.review.content.UrlForm;
import cn.disclosure.review.content.VisibleText;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.InspectionEngine;
import cn.disclosure.review.inspect.InspectionRequest;
import cn.disclosure.review.inspect.InspectionResult;
import cn.disclosure.review.inspect.Severity;
import cn.disclosure.review.intake.Channel;
import cn.disclosure.review.intake.Channels;
import cn.disclosure.review.intake.Draft;
import cn.disclosure.review.intake.Inspections;
import cn.disclosure.review.intake.Revision;
import cn.disclosure.review.publish.PublishViews.GateAnswer;
import cn.disclosure.review.publish.PublishViews.GateDifference;
import cn.disclosure.review.publish.PublishViews.GateReason;
import cn.disclosure.review.publish.PublishViews.GateRequest;
import cn.disclosure.review.publish.PublishViews.MediaFile;
import cn.disclosure.review.review.ReviewState;
import cn.disclosure.review.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The CMS publish gate: a CMS sends exactly what it is about to publish and may publish only on
 * {@code allowed}. What readers and machines get must be an approved revision: the body in
 * canonical form (every element, attribute and URL; see {@link CanonicalContent}), every declared
 * file by SHA-256, the title and the excerpt; active content is refused; and everything the page
 * carries is inspected, so a finding of WARN or worse that the approved revision did not have
 * refuses too. The approved revision is found by the draft id, by an earlier publication of the
 * same item, or by the visible text. An allowed answer records the publication (once per approval
 * and channel); a live item saved unchanged under its publication is allowed without a new record.
 * Every refusal is audited.
 */
@ApplicationScoped
public class PublishGate {
    private static final Logger LOG = Logger.getLogger(PublishGate.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int MAX_MEDIA = 500;

    @Inject
    CurrentUser user;
    @Inject
    Reminders reminders;
    @Inject
    PublicationService publications;
    @Inject
    InspectionEngine engine;
    @Inject
    Inspections inspections;
    @Inject
    AuditLog audit;
    @Inject
    EntityManager em;
    @Inject
    MeterRegistry metrics;

    /** What the gate decided. */
    private record Outcome(boolean allowed, boolean unchanged, List<GateReason> reasons, Long publicationId, Long draftId,
                           Integer revision, List<GateDifference> diff) {
        static Outcome refused(List<GateReason> reasons, Long draftId, Integer revision, List<GateDifference> diff) {
            return new Outcome(false, false, reasons, null, draftId, revision, diff);
        }
    }

    public GateAnswer gate(GateRequest in) {
        if (in == null || in.content() == null) {
            throw ProblemException.badRequest("content-required", "请提供 channel 和 content（即将发布的完整内容）");
        }
        Channel channel = Channels.parse(in.channel());
        CanonicalContent body = CanonicalContent.of(in.content());
        if (body.isEmpty()) {
            throw ProblemException.badRequest("content-required", "content 为空：请提供即将发布的完整内容");
        }
        Optional<InspectionResult> inspected = inspect(channel, in.title(), in.content(), in.excerpt());
        GateContentCheck.Sent sent = new GateContentCheck.Sent(body, in.title(), in.excerpt(), media(in.media()),
                origin(in.url()), inspected);
        Outcome o = QuarkusTransaction.joiningExisting().call(() -> {
            Outcome result = inspected.isEmpty()
                    ? Outcome.refused(List.of(new GateReason("inspection-failed",
                    "发布前自动检查未能完成，暂不能发布：请稍后重试或联系管理员")), in.draftId(), null, List.of())
                    : decide(in, channel, sent);
            if (!result.allowed()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("channel", channel.name());
                details.put("draftId", result.draftId());
                details.put("contentHash", body.hash());
                details.put("reasons", result.reasons().stream().map(GateReason::code).distinct().toList());
                audit.append("PUBLISH_GATE_REFUSED", user.username(), "draft",
                        result.draftId() == null ? null : result.draftId().toString(), details);
            }
            return result;
        });
        metrics.counter("review.publish.gate", "outcome", o.allowed() ? (o.unchanged() ? "unchanged" : "allowed") : "refused",
                "channel", channel.name()).increment();
        List<GateReason> reasons = new ArrayList<>(o.reasons());
        if (!o.allowed() && o.draftId() == null) {
            inspected.ifPresent(result -> reasons.addAll(findingsOfUnreviewedContent(result)));
        }
        return new GateAnswer(o.allowed(), o.unchanged(), reasons, reminders.forChannel(channel), o.publicationId(),
                o.draftId(), o.revision(), o.diff().isEmpty() ? null : o.diff());
    }

    private Outcome decide(GateRequest in, Channel channel, GateContentCheck.Sent sent) {
        Long draftId = in.draftId();
        if (in.publicationId() != null) {
            Publication p = Publication.findById(in.publicationId());
            if (p == null) {
                return Outcome.refused(List.of(new GateReason("unknown-publication", "登记号 " + in.publicationId()
                        + " 不存在：请核对，或不带 publicationId 重新提交")), null, null, List.of());
            }
            if (p.channel == channel && p.withdrawal().isEmpty()) {
                Revision published = Revision.findById(p.revisionId);
                if (check(published, sent).matches()) {
                    return new Outcome(true, true, List.of(), p.id, p.draftId, p.revision, List.of());
                }
            }
            if (draftId == null) {
                draftId = p.draftId;
            }
        }
        if (draftId != null) {
            return forDraft(draftId, channel, sent, in.url());
        }
        return byContent(in.content(), channel, sent, in.url());
    }

    private Outcome forDraft(long draftId, Channel channel, GateContentCheck.Sent sent, String url) {
        Optional<Draft> found = Draft.lockById(draftId);
        if (found.isEmpty()) {
            return Outcome.refused(List.of(new GateReason("unknown-draft", "稿件 " + draftId
                    + " 不存在：请核对稿件编号，或不带 draftId 按内容匹配")), null, null, List.of());
        }
        Draft d = found.get();
        Revision r = d.current();
        List<GateReason> reasons = new ArrayList<>(publications.refusalReasons(d, channel));
        GateContentCheck.Result content = check(r, sent);
        if (reasons.isEmpty() && content.matches()) {
            Publication p = publications.record(d, channel, url, Publication.Via.GATE);
            return new Outcome(true, false, List.of(), p.id, d.id, p.revision, List.of());
        }
        if (!content.matches()) {
            Optional<Revision> older = Revision.allOf(d.id).stream()
                    .filter(x -> x.number != r.number && x.channel == channel && check(x, sent).matches())
                    .reduce((a, b) -> b);
            if (older.isPresent()) {
                reasons.add(new GateReason("old-revision", "发布内容是稿件的第 " + older.get().number + " 版，当前版本是第 " + r.number
                        + " 版（" + d.state.label + "）：旧版本的审查不能用于发布，请发布当前版本并完成审查"));
            } else {
                reasons.addAll(content.reasons());
            }
        }
        // The approved text is shown back only when the revision is approved for this channel: a CMS
        // account never reads drafts that are still in review.
        boolean approvedHere = (d.state == ReviewState.APPROVED || d.state == ReviewState.PUBLISHED) && r.channel == channel;
        return Outcome.refused(reasons, d.id, r.number, approvedHere ? content.diff() : List.of());
    }

    private Outcome byContent(String content, Channel channel, GateContentCheck.Sent sent, String url) {
        String textHash = VisibleText.hash(content);
        List<Object[]> rows = em.createQuery("select r, d from Revision r join r.draft d"
                        + " where r.textHash = :h or r.titledTextHash = :h order by r.createdAt, r.id", Object[].class)
                .setParameter("h", textHash).getResultList();
        for (Object[] row : rows) {
            Revision r = (Revision) row[0];
            Draft d = (Draft) row[1];
            if (d.state == ReviewState.APPROVED && r.number == d.currentRevision && r.channel == channel) {
                return forDraft(d.id, channel, sent, url);
            }
        }
        if (rows.isEmpty()) {
            return Outcome.refused(List.of(new GateReason("unknown-content", "未找到与该内容一致的审查通过稿件：内容未经保密审查，"
                    + "或在审查通过后又被修改。请将内容提交保密审查，审查通过后再发布（先审查、后公开）；已知稿件编号时请带上 draftId")),
                    null, null, List.of());
        }
        Revision r = (Revision) rows.get(rows.size() - 1)[0];
        Draft d = (Draft) rows.get(rows.size() - 1)[1];
        if (r.number != d.currentRevision) {
            return Outcome.refused(List.of(new GateReason("old-revision", "该内容是稿件 " + d.id + " 的第 " + r.number
                    + " 版，稿件已修改为第 " + d.currentRevision + " 版（" + d.state.label
                    + "）：旧版本的审查不能用于发布，请发布当前版本并完成审查")), d.id, r.number, List.of());
        }
        return forDraft(d.id, channel, sent, url);
    }

    private GateContentCheck.Result check(Revision r, GateContentCheck.Sent sent) {
        return GateContentCheck.check(r, sent, x -> inspections.fromJson(x.inspection));
    }

    /** The content as the CMS sends it, inspected once per gate call (title, body, excerpt); empty when the inspection failed. */
    private Optional<InspectionResult> inspect(Channel channel, String title, String content, String excerpt) {
        try {
            InspectionResult page = engine.inspect(new InspectionRequest(channel, title == null ? "" : title, content, List.of()));
            if (excerpt == null || excerpt.isBlank()) {
                return Optional.of(page);
            }
            List<Finding> findings = new ArrayList<>(page.findings());
            for (Finding f : engine.inspect(new InspectionRequest(channel, excerpt, null, List.of())).findings()) {
                findings.add(new Finding(f.category(), f.severity(), f.matched(), f.start(), f.end(), "excerpt", f.rule(),
                        f.message(), f.snippet(), f.score()));
            }
            return Optional.of(new InspectionResult(page.verdict(), findings, page.lexiconVersions(), page.parts(), page.elapsedMs()));
        } catch (RuntimeException e) {
            LOG.warnf("发布闸口检查未能完成：%s", e.getClass().getName());
            return Optional.empty();
        }
    }

    /** The declared files by URL (normal form) → lowercase SHA-256; a malformed entry is a 400. */
    private static Map<String, String> media(List<MediaFile> media) {
        Map<String, String> out = new LinkedHashMap<>();
        if (media == null) {
            return out;
        }
        if (media.size() > MAX_MEDIA) {
            throw ProblemException.badRequest("media-invalid", "media 最多 " + MAX_MEDIA + " 项");
        }
        for (MediaFile m : media) {
            if (m == null || m.url() == null || m.url().isBlank() || m.sha256() == null || !SHA256.matcher(m.sha256()).matches()) {
                throw ProblemException.badRequest("media-invalid", "media 的每一项须有 url 和 64 位十六进制的 sha256");
            }
            String url = UrlForm.normalize(m.url());
            String sha = m.sha256().toLowerCase(Locale.ROOT);
            String before = out.putIfAbsent(url, sha);
            if (before != null && !before.equals(sha)) {
                throw ProblemException.badRequest("media-invalid", "同一地址在 media 中给出了两个不同的 sha256：" + m.url());
            }
        }
        return out;
    }

    private static Optional<String> origin(String url) {
        return url == null || url.isBlank() ? Optional.empty() : UrlForm.origin(url);
    }

    /** What would block or hold up content nobody reviewed, for the editor (no matched text in the reasons). */
    private static List<GateReason> findingsOfUnreviewedContent(InspectionResult result) {
        List<GateReason> out = new ArrayList<>();
        for (Finding f : result.findings()) {
            if (f.severity() == Severity.BLOCK || f.severity() == Severity.WARN) {
                out.add(new GateReason(f.severity() == Severity.BLOCK ? "finding-block" : "finding-warn",
                        "自动检查" + (f.severity() == Severity.BLOCK ? "发现禁止发布的问题" : "发现需人工确认的问题")
                                + "：" + f.message() + "（" + f.rule() + "）"));
            }
        }
        return out;
    }
}
