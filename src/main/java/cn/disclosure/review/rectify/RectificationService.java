package cn.disclosure.review.rectify;

import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.core.Roles;
import cn.disclosure.review.core.ServiceZone;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.web.ProblemException;
import cn.disclosure.review.workflow.Publication;
import cn.disclosure.review.workflow.PublicationRecorded;
import cn.disclosure.review.workflow.Workflow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Opens and closes 整改 items. Opening is for the services that find problems in published items
 * (rescans, patrols, spot checks); closing happens by withdrawal (撤稿: every open item of the
 * publication closes in the withdrawal's transaction) or by the 保密办's decision to keep the
 * item online, which needs a justification. Both write an audit line.
 */
@ApplicationScoped
public class RectificationService {
    static final int MAX_JUSTIFICATION = 2000;
    static final int MAX_SUMMARY = 1000;

    @Inject
    AuditLog audit;
    @Inject
    CurrentUser user;
    @Inject
    ServiceZone zone;
    @Inject
    Event<RectificationOpened> opened;
    @ConfigProperty(name = "review.rectify.deadline-days", defaultValue = "10")
    int deadlineDays;

    /**
     * Opens an item for {@code publicationId} (owned by its department), unless the publication is
     * withdrawn already. Opening twice for the same source and publication returns the first item.
     *
     * @param summary  what was found, without the published text (rule names, counts, severities)
     * @param deadline null for {@code review.rectify.deadline-days} from today
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public Optional<Rectification> open(Rectification.Source source, Long sourceId, long publicationId, String summary,
                                        LocalDate deadline, String actor) {
        return open(source, sourceId, publicationId, summary, deadline, actor, false);
    }

    /**
     * {@link #open(Rectification.Source, Long, long, String, LocalDate, String)}, also for a withdrawn
     * publication when {@code evenIfWithdrawn}: a 巡检 that finds a withdrawn item still online opens
     * an item the withdrawal cannot have closed (the 保密办 closes it once the page is gone).
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public Optional<Rectification> open(Rectification.Source source, Long sourceId, long publicationId, String summary,
                                        LocalDate deadline, String actor, boolean evenIfWithdrawn) {
        Publication p = Publication.<Publication>findByIdOptional(publicationId)
                .orElseThrow(() -> ProblemException.notFound("发布记录 " + publicationId));
        if (p.withdrawal().isPresent() && !evenIfWithdrawn) {
            return Optional.empty();
        }
        if (sourceId != null) {
            Optional<Rectification> existing = Rectification.<Rectification>find(
                    "sourceType = ?1 and sourceId = ?2 and publicationId = ?3", source, sourceId, publicationId).firstResultOptional();
            if (existing.isPresent()) {
                return existing;
            }
        }
        OffsetDateTime now = Workflow.now();
        Rectification r = newItem(source, sourceId, p, summary, deadline, actor, now);
        r.persist();
        audit.append("rectification.open", actor, "rectification", r.id.toString(), auditDetails(r));
        opened.fire(openedEvent(r, p));
        return Optional.of(r);
    }

    /** One item to open with {@link #openAll}: the publication and what was found in it. */
    public record NewItem(long publicationId, String summary) {
    }

    /**
     * {@link #open} for many publications of one source at once, in the caller's transaction: one
     * query for the publications, one for the withdrawn among them, one for items this source has
     * already opened, one audit-chain lock for all the audit lines. Withdrawn publications get no
     * item; for one already opened by this source the existing item is returned.
     *
     * @return the item of each publication that has one, by publication id
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public Map<Long, Rectification> openAll(Rectification.Source source, long sourceId, List<NewItem> items, String actor) {
        Map<Long, Rectification> out = new LinkedHashMap<>();
        if (items.isEmpty()) {
            return out;
        }
        List<Long> ids = items.stream().map(NewItem::publicationId).distinct().toList();
        Map<Long, Publication> open = Publication.openAmong(ids);
        Rectification.<Rectification>list("sourceType = ?1 and sourceId = ?2 and publicationId in ?3", source, sourceId, ids)
                .forEach(r -> out.put(r.publicationId, r));
        OffsetDateTime now = Workflow.now();
        List<Rectification> created = new ArrayList<>();
        for (NewItem item : items) {
            Publication p = open.get(item.publicationId());
            if (p == null || out.containsKey(item.publicationId())) {
                continue;
            }
            Rectification r = newItem(source, sourceId, p, item.summary(), null, actor, now);
            r.persist();
            out.put(item.publicationId(), r);
            created.add(r);
        }
        if (created.isEmpty()) {
            return out;
        }
        audit.appendAll(created.stream()
                .map(r -> new AuditLog.Line("rectification.open", actor, "rectification", r.id.toString(), auditDetails(r)))
                .toList());
        for (Rectification r : created) {
            opened.fire(openedEvent(r, open.get(r.publicationId)));
        }
        return out;
    }

    private Rectification newItem(Rectification.Source source, Long sourceId, Publication p, String summary, LocalDate deadline,
                                  String actor, OffsetDateTime now) {
        Rectification r = new Rectification();
        r.sourceType = source;
        r.sourceId = sourceId;
        r.publicationId = p.id;
        r.department = p.department;
        String s = summary == null || summary.isBlank() ? "发现问题" : summary.strip();
        r.summary = s.length() > MAX_SUMMARY ? s.substring(0, MAX_SUMMARY) : s;
        r.deadline = deadline != null ? deadline : now.atZoneSameInstant(zone.zone()).toLocalDate().plusDays(deadlineDays);
        r.status = Rectification.Status.OPEN;
        r.openedBy = actor;
        r.openedAt = now;
        return r;
    }

    private static Map<String, Object> auditDetails(Rectification r) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sourceType", r.sourceType.name());
        if (r.sourceId != null) {
            details.put("sourceId", r.sourceId);
        }
        details.put("publicationId", r.publicationId);
        details.put("department", r.department);
        details.put("deadline", r.deadline.toString());
        return details;
    }

    private static RectificationOpened openedEvent(Rectification r, Publication p) {
        return new RectificationOpened(r.id, r.sourceType, r.sourceId, r.publicationId, p.draftId, p.channel.name(),
                r.department, p.url, r.deadline, r.openedAt);
    }

    /** The 保密办 closes an item: KEPT with a justification, or WITHDRAWN once the publication has been withdrawn. */
    @Transactional
    public RectificationView close(long id, String closing, String justification) {
        Rectification.Closing kind;
        try {
            kind = closing == null || closing.isBlank() ? Rectification.Closing.KEPT
                    : Rectification.Closing.valueOf(closing.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("bad-closing", "关闭方式无效（可选 KEPT 保留并说明理由、WITHDRAWN 已撤稿）");
        }
        String why = justification == null ? null : justification.strip();
        if (kind == Rectification.Closing.KEPT && (why == null || why.isEmpty())) {
            throw ProblemException.badRequest("justification-required", "决定保留已公开信息须填写理由");
        }
        if (why != null && why.length() > MAX_JUSTIFICATION) {
            throw ProblemException.badRequest("justification-too-long", "理由不能超过 " + MAX_JUSTIFICATION + " 个字符");
        }
        Rectification r = Rectification.<Rectification>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("整改事项 " + id));
        if (r.status == Rectification.Status.CLOSED) {
            throw ProblemException.conflict("already-closed", "该整改事项已于 " + r.closedAt.atZoneSameInstant(zone.zone()).toLocalDate()
                    + " 关闭");
        }
        if (kind == Rectification.Closing.WITHDRAWN) {
            Publication p = Publication.findById(r.publicationId);
            if (p == null || p.withdrawal().isEmpty()) {
                throw ProblemException.conflict("not-withdrawn", "该信息尚未撤稿：请先撤稿，或决定保留并说明理由");
            }
        }
        closeOne(r, kind, why == null || why.isEmpty() ? null : why, user.username());
        return views(List.of(r)).get(0);
    }

    /** A withdrawal (撤稿) closes every open item of the publication, in the withdrawal's transaction. */
    @Transactional(Transactional.TxType.REQUIRED)
    void onPublication(@Observes PublicationRecorded e) {
        if (!e.withdrawn()) {
            return;
        }
        for (Rectification r : Rectification.<Rectification>list("publicationId = ?1 and status = ?2 order by id",
                e.publicationId(), Rectification.Status.OPEN)) {
            Rectification locked = Rectification.findById(r.id, LockModeType.PESSIMISTIC_WRITE);
            if (locked.status == Rectification.Status.OPEN) {
                closeOne(locked, Rectification.Closing.WITHDRAWN, null, e.actor());
            }
        }
    }

    private void closeOne(Rectification r, Rectification.Closing kind, String justification, String actor) {
        r.status = Rectification.Status.CLOSED;
        r.closing = kind;
        r.justification = justification;
        r.closedBy = actor;
        r.closedAt = Workflow.now();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("closing", kind.name());
        details.put("publicationId", r.publicationId);
        details.put("department", r.department);
        audit.append("rectification.close", actor, "rectification", r.id.toString(), details);
    }

    /**
     * The items the caller may see: the 保密办 (and leaders and administrators) all of them, editors
     * and department reviewers those of their own department.
     */
    @Transactional
    public List<RectificationView> list(String status, String department) {
        StringBuilder q = new StringBuilder("1 = 1");
        Map<String, Object> p = new LinkedHashMap<>();
        if (!seesAll()) {
            if (user.department() == null) {
                return List.of();
            }
            q.append(" and department = :own");
            p.put("own", user.department());
        }
        if (status != null && !status.isBlank()) {
            try {
                p.put("status", Rectification.Status.valueOf(status.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("bad-status", "状态无效（可选 OPEN、CLOSED）");
            }
            q.append(" and status = :status");
        }
        if (department != null && !department.isBlank()) {
            q.append(" and department = :dept");
            p.put("dept", department.strip());
        }
        q.append(" order by status desc, deadline, id");
        return views(Rectification.list(q.toString(), p));
    }

    /** One item, if the caller may see it. */
    @Transactional
    public Optional<RectificationView> get(long id) {
        Rectification r = Rectification.findById(id);
        if (r == null || !(seesAll() || r.department.equals(user.department()))) {
            return Optional.empty();
        }
        return Optional.of(views(List.of(r)).get(0));
    }

    private boolean seesAll() {
        return user.has(Roles.SECRECY_OFFICE) || user.has(Roles.LEADER) || user.has(Roles.ADMIN);
    }

    static List<RectificationView> views(List<Rectification> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        Map<Long, Publication> pubs = Publication.<Publication>list("id in ?1",
                        items.stream().map(r -> r.publicationId).distinct().toList())
                .stream().collect(Collectors.toMap(x -> x.id, Function.identity()));
        List<RectificationView> out = new ArrayList<>();
        for (Rectification r : items) {
            Publication p = pubs.get(r.publicationId);
            out.add(new RectificationView(r.id, r.sourceType.name(), r.sourceId, r.publicationId, p.draftId, p.title,
                    p.channel.name(), p.url, r.department, r.summary, r.deadline, r.status.name(),
                    r.closing == null ? null : r.closing.name(), r.justification, r.openedBy, r.openedAt, r.closedBy, r.closedAt));
        }
        return out;
    }
}
