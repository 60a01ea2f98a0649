package cn.disclosure.review.audit;

import cn.disclosure.review.web.AuditEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

/**
 * Appends the {@link AuditEvent}s fired by packages below this one (sign-in failures and throttling
 * in {@code identity}, refused requests in {@code web}). A synchronous event joins the firing
 * code's transaction, so the line commits or rolls back with what it records; an asynchronous one
 * runs on another thread without a transaction and {@link AuditLog#append} starts its own.
 */
@ApplicationScoped
public class AuditEventRecorder {

    @Inject
    AuditLog log;

    void onEvent(@Observes AuditEvent e) {
        append(e);
    }

    void onAsyncEvent(@ObservesAsync AuditEvent e) {
        append(e);
    }

    private void append(AuditEvent e) {
        log.append(e.action(), e.actor(), e.subjectType(), e.subjectId(), e.details());
    }
}
