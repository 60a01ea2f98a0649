package cn.disclosure.review.notify;

import cn.disclosure.review.workflow.Inspections;
import cn.disclosure.review.workflow.PublicationRecorded;
import cn.disclosure.review.review.DecisionRecorded;
import cn.disclosure.review.rectify.Rectification;
import cn.disclosure.review.rectify.RectificationOpened;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns completed inspections, decisions and publications into outbox rows, one per active webhook of the event's channel.
 * The observers are synchronous and join the firing transaction, so a rolled-back decision leaves no
 * row and a committed one cannot lose its notification. Payloads carry ids, states and hashes, never
 * the draft's title, body or findings.
 */
@ApplicationScoped
public class WebhookOutbox {
    public static final String DECISION_RECORDED = "decision.recorded";
    public static final String PUBLICATION_RECORDED = "publication.recorded";
    public static final String PUBLICATION_WITHDRAWN = "publication.withdrawn";
    public static final String INSPECTION_COMPLETED = "inspection.completed";
    /** A rescan found a problem in a published item and opened a 整改 item for it. */
    public static final String RESCAN_HIT = "rescan.hit";
    /** A 巡检 found a problem in what is online and opened a 整改 item for it. */
    public static final String PATROL_PROBLEM = "patrol.problem";
    /** A 整改 item opened by anything other than a rescan or a patrol (spot check). */
    public static final String RECTIFICATION_OPENED = "rectification.opened";

    @Inject
    ObjectMapper json;
    @Inject
    jakarta.transaction.TransactionSynchronizationRegistry transaction;

    @Transactional(Transactional.TxType.REQUIRED)
    void onDecision(@Observes DecisionRecorded e) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("event", DECISION_RECORDED);
        p.put("draftId", e.draftId());
        p.put("revision", e.revision());
        p.put("channel", e.channel());
        p.put("department", e.department());
        p.put("step", e.step());
        p.put("decision", e.decision());
        p.put("actor", e.actor());
        p.put("state", e.newState());
        p.put("contentHash", e.contentHash());
        p.put("at", time(e.at()));
        enqueue(e.channel(), DECISION_RECORDED, p);
    }

    /** The verdict of a revision's background inspection is ready: the CMS may show it or go on. */
    @Transactional(Transactional.TxType.REQUIRED)
    void onInspection(@Observes Inspections.InspectionCompleted e) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("event", INSPECTION_COMPLETED);
        p.put("draftId", e.draftId());
        p.put("revision", e.revision());
        p.put("channel", e.channel());
        p.put("department", e.department());
        p.put("verdict", e.verdict());
        p.put("contentHash", e.contentHash());
        p.put("at", time(e.at()));
        enqueue(e.channel(), INSPECTION_COMPLETED, p);
    }

    @Transactional(Transactional.TxType.REQUIRED)
    void onPublication(@Observes PublicationRecorded e) {
        String type = e.withdrawn() ? PUBLICATION_WITHDRAWN : PUBLICATION_RECORDED;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("event", type);
        p.put("publicationId", e.publicationId());
        p.put("draftId", e.draftId());
        p.put("revision", e.revision());
        p.put("channel", e.channel());
        p.put("state", e.withdrawn() ? "WITHDRAWN" : "PUBLISHED");
        p.put("withdrawn", e.withdrawn());
        p.put("actor", e.actor());
        p.put("url", e.url());
        p.put("contentHash", e.contentHash());
        p.put("at", time(e.at()));
        enqueue(e.channel(), type, p);
    }

    /** A 整改 item was opened for a publication of the channel: ids, department and deadline, no content. */
    @Transactional(Transactional.TxType.REQUIRED)
    void onRectification(@Observes RectificationOpened e) {
        String type = switch (e.sourceType()) {
            case RESCAN -> RESCAN_HIT;
            case PATROL -> PATROL_PROBLEM;
            default -> RECTIFICATION_OPENED;
        };
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("event", type);
        p.put("rectificationId", e.rectificationId());
        p.put("sourceType", e.sourceType().name());
        if (e.sourceType() == Rectification.Source.RESCAN) {
            p.put("rescanId", e.sourceId());
        } else if (e.sourceType() == Rectification.Source.PATROL) {
            p.put("patrolId", e.sourceId());
        } else {
            p.put("sourceId", e.sourceId());
        }
        p.put("publicationId", e.publicationId());
        p.put("draftId", e.draftId());
        p.put("channel", e.channel());
        p.put("department", e.department());
        p.put("url", e.url());
        p.put("deadline", e.deadline() == null ? null : e.deadline().toString());
        p.put("at", time(e.at()));
        enqueue(e.channel(), type, p);
    }

    /**
     * The active webhooks of a channel, looked up once per transaction: a transaction that records many
     * events (a rescan batch's hits) does not ask the database again for each.
     */
    @SuppressWarnings("unchecked")
    private List<Webhook> subscribers(String channel) {
        String key = WebhookOutbox.class.getName() + ".subscribers." + channel;
        Object cached = transaction.getResource(key);
        if (cached != null) {
            return (List<Webhook>) cached;
        }
        List<Webhook> found = Webhook.activeForChannel(channel);
        transaction.putResource(key, found);
        return found;
    }

    private void enqueue(String channel, String eventType, Map<String, Object> payload) {
        if (channel == null) {
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(payload);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("webhook payload not serialisable", ex);
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (Webhook w : subscribers(channel)) {
            WebhookDelivery d = new WebhookDelivery();
            d.webhookId = w.id;
            d.eventType = eventType;
            d.payload = body;
            d.status = DeliveryStatus.PENDING;
            d.attempts = 0;
            d.createdAt = now;
            d.nextAttemptAt = now;
            d.persist();
        }
    }

    private static String time(OffsetDateTime at) {
        return (at == null ? OffsetDateTime.now(ZoneOffset.UTC) : at).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
