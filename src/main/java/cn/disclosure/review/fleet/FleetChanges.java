package cn.disclosure.review.fleet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Announces a committed change to every instance on the same database: {@code pg_notify} in the
 * caller's transaction, so PostgreSQL delivers it to every listening session when (and only when)
 * that transaction commits, and never for a rolled-back one. The payload is
 * {@code <topic>:<detail>} (e.g. {@code lexicon:<name>:<version>}); it names what changed, never
 * content. {@link ChangeListener} hands it to the {@link ChangeSubscriber}s of that topic.
 */
@ApplicationScoped
public class FleetChanges {
    /** PostgreSQL limits a payload to just under 8000 bytes; ours are names and numbers. */
    static final int MAX_PAYLOAD_BYTES = 7000;

    @Inject
    EntityManager em;
    @Inject
    FleetConfig config;

    /** Must run inside a transaction (the one that makes the change). */
    public void announce(String topic, String detail) {
        String payload = payload(topic, detail);
        em.createNativeQuery("select pg_notify(?1, ?2)").setParameter(1, config.channel()).setParameter(2, payload)
                .getSingleResult();
    }

    static String payload(String topic, String detail) {
        if (topic == null || topic.isEmpty() || topic.indexOf(':') >= 0) {
            throw new IllegalArgumentException("invalid topic");
        }
        String payload = topic + ":" + (detail == null ? "" : detail);
        if (payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload too long");
        }
        return payload;
    }
}
