package cn.disclosure.review.patrol;

import cn.disclosure.review.web.ProblemException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;

/** The scheduled 巡检 ({@code review.patrol.cron}, off by default): skipped when one is running already. */
@ApplicationScoped
public class PatrolSchedule {
    private static final Logger LOG = Logger.getLogger(PatrolSchedule.class);

    @Inject
    PatrolService patrols;

    @Scheduled(identity = "patrol", cron = "${review.patrol.cron:off}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            patrols.start(List.of(), Patrol.SCHEDULED, PatrolService.SYSTEM);
        } catch (ProblemException e) {
            LOG.infof("定时巡检未开始（%s）", e.problem().code);
        }
    }
}
