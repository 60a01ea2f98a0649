package cn.disclosure.review.lexicon;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * With several instances behind a load balancer, a lexicon replaced on one instance reaches the
 * others within {@code review.lexicon.refresh-interval} (off to disable).
 */
@ApplicationScoped
public class LexiconRefresh {
    @Inject
    LexiconService lexicons;

    @Scheduled(every = "${review.lexicon.refresh-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        lexicons.refresh();
    }
}
