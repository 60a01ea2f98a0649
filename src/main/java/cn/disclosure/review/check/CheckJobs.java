package cn.disclosure.review.check;

import cn.disclosure.review.inspect.InspectionProgress;
import cn.disclosure.review.web.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks of large files answered later: {@code POST /api/v1/check} answers 202 with a location, the
 * check runs here, and {@code GET /api/v1/check/jobs/{id}} answers its progress and then its result.
 * A check stores nothing: the job lives in this instance's memory only, for
 * {@code review.check.async.keep} after it ends, and only the account that asked may read it (to
 * anyone else the id does not exist). Ids are 128 random bits. At most
 * {@code review.check.async.max-jobs} jobs are held at once; beyond that the answer is 503 busy, never
 * a silent pass. Behind a load balancer the poll must reach the same instance (sticky routing), or
 * the client re-sends the check.
 */
@ApplicationScoped
public class CheckJobs {
    private static final Logger LOG = Logger.getLogger(CheckJobs.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    CheckService checks;
    @ConfigProperty(name = "review.check.async.threads", defaultValue = "1")
    int threads;
    @ConfigProperty(name = "review.check.async.max-jobs", defaultValue = "20")
    int maxJobs;
    @ConfigProperty(name = "review.check.async.keep", defaultValue = "15m")
    Duration keep;

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private volatile ExecutorService pool;

    /** What a poll answers: still running (with progress), done (with the answer), or failed (with the problem). */
    public sealed interface State permits Running, Done, Failed {
    }

    public record Running(int done, int total, String stage) implements State {
    }

    public record Done(CheckResponse response) implements State {
    }

    public record Failed(ProblemException problem) implements State {
    }

    private static final class Job implements InspectionProgress {
        final String owner;
        volatile State state = new Running(0, 0, "排队等待检查");
        volatile Instant endedAt;
        private int done;
        private int total;

        Job(String owner) {
            this.owner = owner;
        }

        @Override
        public synchronized void planned(int units) {
            total += units;
            state = new Running(done, total, state instanceof Running r ? r.stage() : "");
        }

        @Override
        public synchronized void done(int units, String stage) {
            done += units;
            state = new Running(done, total, stage == null ? "" : stage);
        }

        void end(State s) {
            state = s;
            endedAt = Instant.now();
        }
    }

    /** Starts a prepared check in the background; the id to poll. */
    public String start(CheckService.Prepared prepared) {
        expire();
        if (jobs.size() >= maxJobs) {
            throw new ProblemException(503, "check-busy", "当前待检查的大文件过多，请稍后重新提交")
                    .with("retryAfterSeconds", 30);
        }
        String id = HexFormat.of().formatHex(randomBytes());
        Job job = new Job(prepared.actor());
        jobs.put(id, job);
        executor().submit(() -> {
            try {
                job.end(new Done(checks.run(prepared, job)));
            } catch (ProblemException e) {
                job.end(new Failed(e));
            } catch (RuntimeException | Error e) {
                LOG.errorf("后台检查失败：%s", e.getClass().getName());
                job.end(new Failed(new ProblemException(503, "inspection-failed", "自动检查未能完成，请重新提交")));
            }
        });
        return id;
    }

    /** The job's state for {@code caller}; 404 when there is none or it belongs to someone else. */
    public State state(String id, String caller) {
        expire();
        Job job = id == null ? null : jobs.get(id);
        if (job == null || !job.owner.equals(caller)) {
            throw ProblemException.notFound("检查任务 " + (id == null ? "" : id));
        }
        return job.state;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    private void expire() {
        Instant limit = Instant.now().minus(keep);
        jobs.values().removeIf(j -> j.endedAt != null && j.endedAt.isBefore(limit));
    }

    private ExecutorService executor() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (this) {
                if (pool == null) {
                    AtomicInteger n = new AtomicInteger();
                    pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
                        Thread t = new Thread(r, "check-job-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                }
                p = pool;
            }
        }
        return p;
    }

    void stop(@Observes ShutdownEvent ev) {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
