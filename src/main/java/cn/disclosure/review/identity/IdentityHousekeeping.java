package cn.disclosure.review.identity;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Removes ended sessions and idle throttle counters now and then (every instance may; it is idempotent). */
@ApplicationScoped
public class IdentityHousekeeping {
    @Inject
    Sessions sessions;

    @Inject
    LoginThrottle throttle;

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purge() {
        sessions.purge();
        throttle.purge();
    }
}
