package cn.disclosure.review.check;

import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Records the mail gate's own refusals and deferrals in the audit log: {@code MAIL_REFUSED} (5xx)
 * or {@code MAIL_DEFERRED} (4xx), subject {@code mail}/reference, with the sender, the recipients'
 * domains, the reply code and class, the reason category and, for a refused request, the service's
 * problem code. An event id is recorded once ({@code mail_gate_event}); a second delivery of the
 * same id (the gate's spool retries after a lost answer) writes nothing.
 */
@ApplicationScoped
public class MailGateEvents {
    /** Reason categories the gate reports, with the reply class each belongs to. */
    public static final Map<String, Integer> REASONS = Map.of(
            "declared-too-large", 5,   // 552 at MAIL FROM … SIZE=
            "too-large", 5,            // 552 after the data
            "service-too-large", 5,    // 552: the service answered HTTP 413
            "service-refused", 5,      // 554 5.6.0: the service refused the request (4xx problem)
            "service-unavailable", 4); // 451 4.3.0: no usable answer from the service

    @Inject
    AuditLog audit;
    @Inject
    EntityManager em;

    /** The outcome: whether this call wrote the audit line (false: the event id was recorded before). */
    public record Recorded(String eventId, boolean recorded) {
    }

    @Transactional
    public Recorded record(MailGateEvent e, String actor) {
        Integer replyClass = REASONS.get(e.reason());
        if (replyClass == null) {
            throw ProblemException.badRequest("bad-mail-event", "未知的原因类别 reason（可选 "
                    + String.join("、", REASONS.keySet().stream().sorted().toList()) + "）");
        }
        if (e.replyCode() / 100 != replyClass) {
            throw ProblemException.badRequest("bad-mail-event", "原因类别 " + e.reason() + " 只能配 " + replyClass + "xx 答复码");
        }
        if (e.enhancedCode() != null && e.enhancedCode().charAt(0) - '0' != replyClass) {
            throw ProblemException.badRequest("bad-mail-event", "增强状态码与答复码的类别不一致");
        }
        if (e.serviceProblem() != null && !e.reason().equals("service-refused")) {
            throw ProblemException.badRequest("bad-mail-event", "只有 service-refused 可以带 serviceProblem");
        }
        Instant at = null;
        if (e.occurredAt() != null) {
            try {
                at = Instant.parse(e.occurredAt()).truncatedTo(ChronoUnit.SECONDS);
            } catch (DateTimeParseException ex) {
                throw ProblemException.badRequest("bad-mail-event", "occurredAt 应为 ISO-8601 时间，例如 2026-01-02T03:04:05Z");
            }
        }
        Set<String> domains = new LinkedHashSet<>();
        for (String d : e.recipientDomains()) {
            String v = d.toLowerCase(Locale.ROOT);
            domains.add(v.endsWith(".") ? v.substring(0, v.length() - 1) : v);
        }
        int inserted = em.createNativeQuery("insert into mail_gate_event (event_id, actor, received_at) values (?1, ?2, now()) "
                + "on conflict (event_id) do nothing").setParameter(1, e.eventId()).setParameter(2, actor).executeUpdate();
        if (inserted == 0) {
            return new Recorded(e.eventId(), false);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("channel", "EMAIL");
        details.put("source", "mail-gate");
        details.put("eventId", e.eventId());
        details.put("replyCode", e.replyCode());
        details.put("replyClass", replyClass + "xx");
        if (e.enhancedCode() != null) {
            details.put("enhancedCode", e.enhancedCode());
        }
        details.put("reason", e.reason());
        if (e.serviceProblem() != null) {
            details.put("serviceProblem", e.serviceProblem());
        }
        details.put("sender", e.sender().equals("<>") ? "<>" : e.sender());
        details.put("recipientDomains", new ArrayList<>(domains));
        details.put("categories", List.of());
        if (at != null) {
            details.put("occurredAt", at.toString());
        }
        details.put("spooled", Boolean.TRUE.equals(e.spooled()));
        audit.append(replyClass == 5 ? "MAIL_REFUSED" : "MAIL_DEFERRED", actor, "mail", e.reference(), details);
        return new Recorded(e.eventId(), true);
    }
}
