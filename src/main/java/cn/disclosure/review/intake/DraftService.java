package cn.disclosure.review.intake;

import cn.disclosure.review.workflow.RevisionPart;

import cn.disclosure.review.extract.ExtractedPart;

import cn.disclosure.review.core.ServiceZone;
import cn.disclosure.review.core.Channel;
import cn.disclosure.review.core.Channels;
import cn.disclosure.review.inspect.InspectionEngine;
import cn.disclosure.review.workflow.InspectionWorker;
import cn.disclosure.review.workflow.Workflow;
import cn.disclosure.review.workflow.Permissions;
import cn.disclosure.review.workflow.AttachmentBlob;
import cn.disclosure.review.workflow.ContentHash;
import cn.disclosure.review.workflow.Draft;
import cn.disclosure.review.workflow.Inspections;
import cn.disclosure.review.workflow.Revision;
import cn.disclosure.review.workflow.RevisionAttachment;
import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.core.Roles;
import cn.disclosure.review.inspect.InspectionResult;
import cn.disclosure.review.content.VisibleText;
import cn.disclosure.review.workflow.Publication;
import cn.disclosure.review.workflow.ApprovalChain;
import cn.disclosure.review.workflow.Decision;
import cn.disclosure.review.workflow.Lifecycle;
import cn.disclosure.review.workflow.ReviewState;
import cn.disclosure.review.web.AfterResponse;
import cn.disclosure.review.web.InputRules;
import cn.disclosure.review.web.NulCharacters;
import cn.disclosure.review.web.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Drafts in: creating a draft, new revisions, submitting a draft kept back, reading drafts.
 * Every revision is inspected before it is stored (outside the database transaction, the engine
 * may take a while); the inspection verdict decides the revision's approval chain.
 * An editor works only on drafts of their own department.
 */
@ApplicationScoped
public class DraftService {

    @Inject
    CurrentUser user;
    @Inject
    IntakeConfig config;
    @Inject
    ServiceZone zone;
    @Inject
    Inspections inspections;
    @Inject
    ApprovalChain chain;
    @Inject
    AuditLog audit;
    @Inject
    Workflow workflow;
    @Inject
    Permissions permissions;
    @Inject
    EntityManager em;
    @Inject
    InputRules rules;
    @Inject
    InspectionWorker worker;
    @Inject
    AfterResponse afterResponse;

    /** The content of a revision about to be stored. */
    record Content(String title, Channel channel, String docNumber, String plannedUrl, OffsetDateTime plannedAt,
                   String body, List<Upload> files) {
    }

    public DraftViews.Created create(DraftInput in, List<Upload> uploads) {
        if (in == null) {
            throw ProblemException.badRequest("draft-required", "请提供稿件内容");
        }
        rules.valid(in);
        String department = ownDepartment(in.department());
        List<Upload> files = named(uploads, 0);
        Content c = new Content(requiredTitle(in.title()), Channels.parse(in.channel()), trimToNull(in.docNumber()),
                trimToNull(in.plannedUrl()), Channels.parseTime(in.plannedAt(), zone.zone(), "plannedAt"),
                in.body() == null ? "" : in.body(), files);
        checkContent(c);
        InspectionEngine.Inspection inline = inspectInline(c);
        DraftViews.Created created = QuarkusTransaction.joiningExisting().call(() -> {
            OffsetDateTime now = now();
            Draft d = new Draft();
            d.department = department;
            d.submitter = user.username();
            d.state = ReviewState.DRAFT;
            d.currentRevision = 0;
            d.createdAt = now;
            copy(c, d);
            d.stepSince = now;
            d.updatedAt = now;
            d.persist();
            Revision r = storeRevision(d, 1, c, now);
            audit.append("draft.create", user.username(), "draft", d.id.toString(), revisionDetails(d, r, c));
            inspect(d, r, inline, now);
            if (in.submitNow()) {
                workflow.transition(d, Lifecycle.Action.SUBMIT, user.username(), Map.of());
            }
            return created(d, r);
        });
        if (inline == null) {
            afterResponse.run(worker::signal);
        }
        return created;
    }

    /** PUT: a new revision. The approval chain starts over; with submit=false the draft goes back to DRAFT. */
    public DraftViews.Created revise(long id, DraftInput in, List<Upload> uploads) {
        if (in == null) {
            throw ProblemException.badRequest("draft-required", "请提供稿件内容");
        }
        rules.valid(in);
        Lifecycle.Action action = in.submitNow() ? Lifecycle.Action.REVISE_AND_SUBMIT : Lifecycle.Action.REVISE;
        record Base(int revision, Content content) {
        }
        Base base = QuarkusTransaction.joiningExisting().call(() -> {
            Draft d = find(id);
            permissions.requireEditorOf(d);
            Workflow.require(d, action);
            if (in.department() != null && !in.department().trim().equals(d.department)) {
                throw ProblemException.badRequest("department-immutable", "稿件的所属部门不能修改");
            }
            Revision prev = d.current();
            List<Upload> files = carriedOver(prev, in.keepAttachments());
            List<Upload> added = named(uploads, files.size());
            Set<String> addedNames = added.stream().map(Upload::filename).collect(Collectors.toSet());
            files.removeIf(f -> addedNames.contains(f.filename()));
            files.addAll(added);
            return new Base(d.currentRevision, new Content(
                    in.title() == null ? prev.title : requiredTitle(in.title()),
                    in.channel() == null ? prev.channel : Channels.parse(in.channel()),
                    in.docNumber() == null ? prev.docNumber : trimToNull(in.docNumber()),
                    in.plannedUrl() == null ? prev.plannedUrl : trimToNull(in.plannedUrl()),
                    in.plannedAt() == null ? prev.plannedAt : Channels.parseTime(in.plannedAt(), zone.zone(), "plannedAt"),
                    in.body() == null ? prev.body : in.body(), files));
        });
        Content c = base.content();
        checkContent(c);
        InspectionEngine.Inspection inline = inspectInline(c);
        DraftViews.Created created = QuarkusTransaction.joiningExisting().call(() -> {
            Draft d = lock(id);
            permissions.requireEditorOf(d);
            if (d.currentRevision != base.revision()) {
                throw ProblemException.conflict("concurrent-modification", "稿件已被他人同时修改，请刷新后重试")
                        .with("currentRevision", d.currentRevision);
            }
            Workflow.require(d, action);
            OffsetDateTime now = now();
            Revision r = storeRevision(d, d.currentRevision + 1, c, now);
            copy(c, d);
            inspect(d, r, inline, now);
            workflow.transition(d, action, user.username(), revisionDetails(d, r, c));
            return created(d, r);
        });
        if (inline == null) {
            afterResponse.run(worker::signal);
        }
        return created;
    }

    /**
     * A short text body is inspected before the request answers; anything with files (or inlined
     * data) is inspected by the background worker and the answer says PENDING.
     */
    private InspectionEngine.Inspection inspectInline(Content c) {
        return inspections.inspectsInline(c.body(), c.files().size())
                ? inspections.inspectNow(c.channel(), c.title(), c.body(), List.of()) : null;
    }

    private void inspect(Draft d, Revision r, InspectionEngine.Inspection inline, OffsetDateTime now) {
        if (inline != null) {
            inspections.complete(d, r, inline, now);
        } else {
            inspections.enqueue(d, r, now);
        }
    }

    /** The verdict's name, or PENDING while the inspection runs. */
    static String verdictOf(Revision r) {
        return r.inspected() ? r.verdict().name() : "PENDING";
    }

    private DraftViews.Created created(Draft d, Revision r) {
        return new DraftViews.Created(d.id, r.number, r.contentHash, d.state.name(), inspections.view(r), chain.rolesOf(d, r));
    }

    /** Submits a draft kept back (DRAFT → IN_REVIEW). */
    @Transactional
    public DraftViews.Created submit(long id) {
        Draft d = lock(id);
        permissions.requireEditorOf(d);
        workflow.transition(d, Lifecycle.Action.SUBMIT, user.username(), Map.of());
        return created(d, d.current());
    }

    private Revision storeRevision(Draft d, int number, Content c, OffsetDateTime now) {
        List<ContentHash.Attachment> hashed = new ArrayList<>();
        for (Upload f : c.files()) {
            String sha = ContentHash.sha256(f.bytes());
            AttachmentBlob.store(em, sha, f.bytes());
            hashed.add(new ContentHash.Attachment(f.filename(), sha));
        }
        Revision r = new Revision();
        r.draft = d;
        r.number = number;
        r.title = c.title();
        r.channel = c.channel();
        r.docNumber = c.docNumber();
        r.plannedUrl = c.plannedUrl();
        r.plannedAt = c.plannedAt();
        r.body = c.body();
        r.contentHash = ContentHash.of(c.title(), c.channel(), c.docNumber(), c.body(), hashed);
        r.textHash = VisibleText.hash(c.body());
        r.titledTextHash = VisibleText.hash(c.title(), c.body());
        r.createdBy = user.username();
        r.createdAt = now;
        r.persist();
        for (int i = 0; i < c.files().size(); i++) {
            Upload f = c.files().get(i);
            RevisionAttachment a = new RevisionAttachment();
            a.revision = r;
            a.position = i + 1;
            a.filename = f.filename();
            a.mediaType = f.mediaType();
            a.size = f.bytes().length;
            a.sha256 = hashed.get(i).sha256();
            a.persist();
        }
        d.currentRevision = number;
        return r;
    }

    private static void copy(Content c, Draft d) {
        d.title = c.title();
        d.channel = c.channel();
        d.docNumber = c.docNumber();
        d.plannedUrl = c.plannedUrl();
        d.plannedAt = c.plannedAt();
    }

    private static Map<String, Object> revisionDetails(Draft d, Revision r, Content c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("draftId", d.id);
        m.put("revision", r.number);
        m.put("contentHash", r.contentHash);
        m.put("channel", r.channel.name());
        m.put("department", d.department);
        m.put("attachments", c.files().size());
        return m;
    }

    // ---- reading ----

    @Transactional
    public DraftViews.Detail get(long id) {
        Draft d = find(id);
        permissions.requireReadable(d, d.currentRevision);
        List<Revision> revisions = Revision.allOf(d.id);
        if (permissions.readsAsCmsOnly()) {
            // a CMS account sees the approved revision, not the history before it
            revisions = revisions.subList(revisions.size() - 1, revisions.size());
        }
        Revision current = revisions.get(revisions.size() - 1);
        DraftViews.RevisionDetail detail = detail(d, current);
        List<DraftViews.PublicationSummary> pubs = Publication.ofDraft(d.id).stream()
                .map(p -> new DraftViews.PublicationSummary(p.id, p.revision, p.channel.name(), p.url, p.publishedAt,
                        p.publishedBy, p.withdrawal().isPresent()))
                .toList();
        return new DraftViews.Detail(d.id, d.title, d.channel.name(), d.channel.label, d.department, d.submitter,
                d.docNumber, d.plannedUrl, d.plannedAt, d.state.name(), d.state.label, d.currentRevision,
                current.contentHash, d.currentStep, Lifecycle.allowed(d.state).stream().map(Enum::name).toList(),
                d.createdAt, d.updatedAt, detail, detail.chain(),
                revisions.stream().map(r -> new DraftViews.RevisionSummary(r.number, r.title, r.contentHash, verdictOf(r),
                        r.createdBy, r.createdAt, r.attachments().stream().map(DraftViews.Attachment::of).toList())).toList(),
                pubs);
    }

    @Transactional
    public DraftViews.RevisionDetail revision(long id, int number) {
        Draft d = find(id);
        permissions.requireReadable(d, number);
        Revision r = Revision.of(id, number).orElseThrow(() -> ProblemException.notFound("稿件 " + id + " 的第 " + number + " 版"));
        return detail(d, r);
    }

    private DraftViews.RevisionDetail detail(Draft d, Revision r) {
        return new DraftViews.RevisionDetail(d.id, r.number, r.title, r.channel.name(), r.docNumber, r.plannedUrl,
                r.plannedAt, r.body, r.contentHash, verdictOf(r), inspections.view(r),
                r.attachments().stream().map(DraftViews.Attachment::of).toList(), r.createdBy, r.createdAt,
                r.number == d.currentRevision, chain.steps(d, r, Decision.forRevision(r.id)));
    }

    /**
     * The parts of a revision as its inspection extracted and stored them (title, body, every
     * attachment, page and picture), in order; empty while the inspection runs. Nothing is
     * extracted again: the findings' offsets refer to exactly these texts.
     */
    @Transactional
    public List<ExtractedPart> parts(long id, int number) {
        Draft d = find(id);
        permissions.requireReadable(d, number);
        Revision r = Revision.of(id, number).orElseThrow(() -> ProblemException.notFound("稿件 " + id + " 的第 " + number + " 版"));
        return RevisionPart.of(r.id);
    }

    /** An attachment of a revision with its bytes. */
    public record AttachmentContent(String filename, String mediaType, byte[] bytes) {
    }

    @Transactional
    public AttachmentContent attachment(long id, int number, int position) {
        Draft d = find(id);
        permissions.requireReadable(d, number);
        Revision r = Revision.of(id, number).orElseThrow(() -> ProblemException.notFound("稿件 " + id + " 的第 " + number + " 版"));
        RevisionAttachment a = r.attachments().stream().filter(x -> x.position == position).findFirst()
                .orElseThrow(() -> ProblemException.notFound("附件 " + position));
        return new AttachmentContent(a.filename, a.mediaType, a.bytes());
    }

    /** Drafts the caller may see, most recently changed first; editors and department reviewers see their department. */
    @Transactional
    public List<DraftViews.Summary> list(ReviewState state, Channel channel, String department, boolean mine, int limit) {
        StringBuilder q = new StringBuilder("select d, r from Draft d, Revision r where r.draft = d and r.number = d.currentRevision");
        Map<String, Object> p = new LinkedHashMap<>();
        if (!permissions.readsAllDepartments()) {
            if (user.department() == null) {
                q.append(" and 1 = 0");                 // no department: nothing of any department (PostgreSQL refuses a NUL sentinel)
            } else {
                q.append(" and d.department = :ownDept");
                p.put("ownDept", user.department());
            }
        }
        if (department != null && !department.isBlank()) {
            q.append(" and d.department = :dept");
            p.put("dept", department.trim());
        }
        if (state != null) {
            q.append(" and d.state = :state");
            p.put("state", state);
        }
        if (channel != null) {
            q.append(" and d.channel = :channel");
            p.put("channel", channel);
        }
        if (mine) {
            q.append(" and d.submitter = :me");
            p.put("me", user.username());
        }
        q.append(" order by d.updatedAt desc, d.id desc");
        var query = em.createQuery(q.toString(), Object[].class).setMaxResults(Math.max(1, Math.min(limit, 1000)));
        p.forEach(query::setParameter);
        List<DraftViews.Summary> out = new ArrayList<>();
        for (Object[] row : query.getResultList()) {
            Draft d = (Draft) row[0];
            Revision r = (Revision) row[1];
            out.add(new DraftViews.Summary(d.id, d.title, d.channel.name(), d.department, d.submitter, d.docNumber,
                    d.state.name(), d.state.label, d.currentRevision, r.contentHash, verdictOf(r), d.currentStep,
                    d.currentStep == null ? null : chain.rolesOf(d, r).get(d.currentStep - 1), d.updatedAt));
        }
        return out;
    }

    // ---- rules ----

    private String ownDepartment(String requested) {
        String mine = user.department();
        if (mine == null || mine.isBlank()) {
            throw ProblemException.forbidden("no-department", "当前账号未设置所属部门，不能提交稿件");
        }
        if (requested != null && !requested.isBlank() && !requested.trim().equals(mine)) {
            throw ProblemException.forbidden("other-department", "编辑只能为本部门（" + mine + "）提交稿件");
        }
        return mine;
    }

    private void checkContent(Content c) {
        // PostgreSQL stores no U+0000 in text; the JSON guard catches it in API bodies, this covers every way in
        NulCharacters.check("title", c.title());
        NulCharacters.check("body", c.body());
        NulCharacters.check("docNumber", c.docNumber());
        NulCharacters.check("plannedUrl", c.plannedUrl());
        for (Upload f : c.files()) {
            if (f.mediaType() != null && (f.mediaType().length() > 200 || f.mediaType().chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f))) {
                throw new ProblemException(400, "invalid-input", "附件“" + f.filename() + "”的内容类型（Content-Type）无效或过长（最多 200 个字符）")
                        .with("filename", f.filename());
            }
        }
        if (c.body().getBytes(StandardCharsets.UTF_8).length > config.maxBodyBytes().asLongValue()) {
            throw tooLarge("body-too-large", "正文超过大小限制", config.maxBodyBytes().asLongValue());
        }
        if (c.files().size() > config.maxFiles()) {
            throw new ProblemException(413, "too-many-attachments", "附件数量超过限制（最多 " + config.maxFiles() + " 个）")
                    .with("limit", config.maxFiles());
        }
        long total = 0;
        for (Upload f : c.files()) {
            checkFileSize(f.filename(), f.bytes().length);
            total += f.bytes().length;
        }
        if (total > config.maxTotalBytes().asLongValue()) {
            throw tooLarge("attachments-too-large", "附件总大小超过限制", config.maxTotalBytes().asLongValue());
        }
        if (c.body().isBlank() && c.files().isEmpty()) {
            throw ProblemException.badRequest("empty-draft", "稿件正文和附件不能都为空");
        }
    }

    /** Refuses one attachment beyond {@code review.intake.max-file-bytes}; also used before reading an upload. */
    public void checkFileSize(String filename, long size) {
        if (size > config.maxFileBytes().asLongValue()) {
            throw tooLarge("attachment-too-large", "附件“" + filename + "”超过大小限制", config.maxFileBytes().asLongValue())
                    .with("filename", filename);
        }
    }

    private static ProblemException tooLarge(String code, String what, long limit) {
        return new ProblemException(413, code, what + "（上限 " + human(limit) + "）").with("limitBytes", limit);
    }

    private static String human(long bytes) {
        if (bytes >= 1024 * 1024) {
            return (bytes / (1024 * 1024)) + " MB";
        }
        return bytes >= 1024 ? (bytes / 1024) + " KB" : bytes + " 字节";
    }

    private List<Upload> carriedOver(Revision prev, List<String> keep) {
        List<Upload> out = new ArrayList<>();
        List<RevisionAttachment> previous = prev.attachments();
        if (keep != null) {
            Set<String> names = previous.stream().map(a -> a.filename).collect(Collectors.toSet());
            for (String k : keep) {
                if (!names.contains(k)) {
                    throw ProblemException.badRequest("unknown-attachment", "上一版本没有名为“" + k + "”的附件");
                }
            }
        }
        for (RevisionAttachment a : previous) {
            if (keep == null || keep.contains(a.filename)) {
                out.add(new Upload(a.filename, a.mediaType, a.bytes()));
            }
        }
        return out;
    }

    private static List<Upload> named(List<Upload> uploads, int offset) {
        List<Upload> out = new ArrayList<>();
        if (uploads != null) {
            for (Upload u : uploads) {
                out.add(new Upload(Upload.cleanName(u.filename(), offset + out.size() + 1), u.mediaType(), u.bytes()));
            }
        }
        return out;
    }

    private static String requiredTitle(String title) {
        if (title == null || title.isBlank()) {
            throw ProblemException.badRequest("title-required", "请填写稿件标题");
        }
        String t = title.trim();
        if (t.length() > 500) {
            throw ProblemException.badRequest("title-too-long", "标题不能超过 500 个字符");
        }
        return t;
    }

    private static Draft find(long id) {
        return Draft.<Draft>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("稿件 " + id));
    }

    private static Draft lock(long id) {
        return Draft.lockById(id).orElseThrow(() -> ProblemException.notFound("稿件 " + id));
    }

    private static String trimToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
