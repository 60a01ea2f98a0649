package cn.disclosure.review.publish;

import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.identity.Roles;
import cn.disclosure.review.intake.Channel;
import cn.disclosure.review.intake.Channels;
import cn.disclosure.review.intake.IntakeConfig;
import cn.disclosure.review.review.ApprovalChain;
import cn.disclosure.review.review.Decision;
import cn.disclosure.review.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * 信息发布登记: the publications, filtered by date range, channel and department. Editors and
 * department reviewers see their own department only; the other roles see all.
 */
@ApplicationScoped
public class Register {

    @Inject
    CurrentUser user;
    @Inject
    IntakeConfig config;

    /**
     * @param from first day (inclusive), {@code yyyy-MM-dd} in {@code review.intake.zone}, or an ISO date-time
     * @param to   last day (inclusive), same forms
     */
    public record Filter(String from, String to, String channel, String department) {
    }

    @Transactional
    public List<RegisterRow> rows(Filter f) {
        StringBuilder q = new StringBuilder("1 = 1");
        Map<String, Object> p = new LinkedHashMap<>();
        if (!(user.has(Roles.SECRECY_OFFICE) || user.has(Roles.LEADER) || user.has(Roles.ADMIN))) {
            if (user.department() == null) {
                q.append(" and 1 = 0");                 // no department: nothing of any department (PostgreSQL refuses a NUL sentinel)
            } else {
                q.append(" and department = :ownDept");
                p.put("ownDept", user.department());
            }
        }
        if (f.from() != null && !f.from().isBlank()) {
            q.append(" and publishedAt >= :from");
            p.put("from", bound(f.from(), false));
        }
        if (f.to() != null && !f.to().isBlank()) {
            q.append(" and publishedAt < :to");
            p.put("to", bound(f.to(), true));
        }
        if (f.channel() != null && !f.channel().isBlank()) {
            Channel c = Channels.parse(f.channel());
            q.append(" and channel = :channel");
            p.put("channel", c);
        }
        if (f.department() != null && !f.department().isBlank()) {
            q.append(" and department = :dept");
            p.put("dept", f.department().trim());
        }
        q.append(" order by publishedAt, id");
        List<Publication> pubs = Publication.list(q.toString(), p);
        Map<Long, List<Decision>> decisions = Decision.forRevisions(pubs.stream().map(x -> x.revisionId).distinct().toList())
                .stream().collect(Collectors.groupingBy(x -> x.revision.id));
        Map<Long, Withdrawal> withdrawals = pubs.isEmpty() ? Map.of()
                : Withdrawal.<Withdrawal>list("publicationId in ?1", pubs.stream().map(x -> x.id).toList())
                .stream().collect(Collectors.toMap(w -> w.publicationId, w -> w));
        List<RegisterRow> out = new ArrayList<>();
        for (Publication x : pubs) {
            List<RegisterRow.Reviewer> reviewers = decisions.getOrDefault(x.revisionId, List.of()).stream()
                    .map(dd -> new RegisterRow.Reviewer(dd.step, dd.role, ApprovalChain.describe(dd.role, x.department), dd.actor,
                            dd.decision.name(), dd.decidedAt, dd.opinion, dd.justification))
                    .toList();
            Withdrawal w = withdrawals.get(x.id);
            out.add(new RegisterRow(x.id, x.draftId, x.revision, x.title, x.docNumber, x.channel.name(), x.channel.label,
                    x.url, x.department, x.submitter, reviewers, x.publishedAt, x.publishedBy, x.via.name(), x.contentHash,
                    x.verdict.name(), w == null ? null : w.at, w == null ? null : w.actor, w == null ? null : w.reason));
        }
        return out;
    }

    private OffsetDateTime bound(String value, boolean endOfDay) {
        String v = value.trim();
        try {
            LocalDate day = LocalDate.parse(v);
            return (endOfDay ? day.plusDays(1) : day).atStartOfDay(config.zone()).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            OffsetDateTime t = Channels.parseTime(v, config.zone(), endOfDay ? "to" : "from");
            if (t == null) {
                throw ProblemException.badRequest("bad-date", "日期格式无效：" + value);
            }
            return endOfDay ? t.plusNanos(1000) : t;
        }
    }
}
