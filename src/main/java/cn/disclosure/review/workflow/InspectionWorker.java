package cn.disclosure.review.workflow;

import cn.disclosure.review.web.ServiceFaults;
import cn.disclosure.review.extract.SubmittedFile;
import cn.disclosure.review.inspect.InspectionEngine;
import cn.disclosure.review.inspect.InspectionProgress;
import cn.disclosure.review.inspect.InspectionRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs queued inspections in the background. Each of {@code review.inspection.workers} threads
 * claims the oldest open job ({@code FOR UPDATE SKIP LOCKED}: several instances share the queue),
 * holds it under a lease that progress reports renew, extracts and inspects the revision, and stores
 * the result ({@link Inspections#complete}). A job whose worker died is taken up again when its
 * lease has run out; after {@code review.inspection.max-attempts} the revision gets an UNREADABLE
 * result (fail closed: never a pass). Revisions inspected before parts were stored get their parts
 * extracted when nothing else is waiting.
 */
@ApplicationScoped
public class InspectionWorker {
    private static final Logger LOG = Logger.getLogger(InspectionWorker.class);
    private static final long PROGRESS_EVERY_MILLIS = 1000;

    @Inject
    InspectionEngine engine;
    @Inject
    Inspections inspections;
    @Inject
    EntityManager em;
    @ConfigProperty(name = "review.inspection.workers", defaultValue = "2")
    int workers;
    @ConfigProperty(name = "review.inspection.poll-interval", defaultValue = "1s")
    Duration pollInterval;
    @ConfigProperty(name = "review.inspection.lease", defaultValue = "5m")
    Duration lease;
    @ConfigProperty(name = "review.inspection.max-attempts", defaultValue = "3")
    int maxAttempts;

    private final String me = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private final Object wake = new Object();
    private volatile boolean stopping;
    private ExecutorService pool;

    /** A job this worker holds: the revision, whether only its parts are missing, and how often it was tried. */
    record Claim(long revisionId, boolean partsOnly, int attempts) {
    }

    /** What the worker needs of a revision, read in one short transaction. */
    record Work(long draftId, InspectionRequest request) {
    }

    void start(@Observes StartupEvent ev) {
        if (workers <= 0) {
            LOG.info("本实例不运行后台检查（review.inspection.workers=0）");
            return;
        }
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "inspection-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < workers; i++) {
            pool.submit(this::loop);
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        stopping = true;
        signal();
        if (pool != null) {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Wakes idle workers: a job was queued (call after the queuing transaction committed). */
    public void signal() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void loop() {
        while (!stopping && !Thread.currentThread().isInterrupted()) {
            try {
                Optional<Claim> claim = claim();
                if (claim.isPresent()) {
                    run(claim.get());
                } else {
                    synchronized (wake) {
                        wake.wait(pollInterval.toMillis());
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                if (stopping) {
                    return;
                }
                // a database outage or a full disk is logged once per incident, not once per task
                if (ServiceFaults.report(e).isEmpty()) {
                    LOG.errorf("后台检查任务出错：%s", e.getClass().getName());
                }
                sleepQuietly();
            }
        }
    }

    /** Takes the oldest open job: queued, or running under an expired lease, or (last) a stored revision without parts. */
    Optional<Claim> claim() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("update inspection_job j set"
                            + " status = case when j.status = 'DONE' then 'DONE' else 'RUNNING' end,"
                            + " worker = :me, attempts = j.attempts + 1,"
                            + " lease_until = now() + make_interval(secs => :lease), started_at = coalesce(j.started_at, now())"
                            + " from (select revision_id from inspection_job"
                            + "   where status = 'PENDING' or (status = 'RUNNING' and lease_until < now())"
                            + "      or (status = 'DONE' and not parts_stored and (lease_until is null or lease_until < now()))"
                            + "   order by (status = 'DONE'), created_at limit 1 for update skip locked) c"
                            + " where j.revision_id = c.revision_id"
                            + " returning j.revision_id, j.status, j.attempts")
                    .setParameter("me", me)
                    .setParameter("lease", (double) lease.toSeconds())
                    .getResultList();
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            Object[] row = rows.get(0);
            return Optional.of(new Claim(((Number) row[0]).longValue(), "DONE".equals(row[1]), ((Number) row[2]).intValue()));
        });
    }

    void run(Claim claim) {
        Optional<Work> work = QuarkusTransaction.requiringNew().call(() -> load(claim.revisionId()));
        if (work.isEmpty()) {
            return;
        }
        InspectionEngine.Inspection full;
        if (!claim.partsOnly() && claim.attempts() > maxAttempts) {
            full = engine.unreadable("inspection-failed", "自动检查多次未能完成（已尝试 " + (claim.attempts() - 1) + " 次）");
        } else {
            try {
                full = engine.inspectFully(work.get().request(), new JobProgress(claim.revisionId()));
            } catch (RuntimeException | StackOverflowError e) {
                LOG.errorf("检查稿件 %d 的第 %d 次尝试失败：%s", work.get().draftId(), claim.attempts(), e.getClass().getName());
                release(claim.revisionId());
                return;
            }
        }
        InspectionEngine.Inspection result = full;
        QuarkusTransaction.requiringNew().run(() -> store(claim, result));
    }

    private Optional<Work> load(long revisionId) {
        Revision r = Revision.findById(revisionId);
        if (r == null) {
            return Optional.empty();
        }
        List<SubmittedFile> files = r.attachments().stream().map(a -> new SubmittedFile(a.filename, a.bytes())).toList();
        return Optional.of(new Work(r.draft.id, new InspectionRequest(r.channel, r.title, r.body, files)));
    }

    /** Stores what was found, unless another worker finished the job meanwhile (its lease had run out). */
    private void store(Claim claim, InspectionEngine.Inspection full) {
        InspectionJob job = em.find(InspectionJob.class, claim.revisionId(), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        Revision r = Revision.findById(claim.revisionId());
        if (job == null || r == null || !me.equals(job.worker)) {
            return;
        }
        OffsetDateTime now = Workflow.now();
        if (claim.partsOnly()) {
            if (!job.partsStored) {
                inspections.storeParts(r.id, full.parts());
                job.partsStored = true;
            }
            job.leaseUntil = null;
            job.worker = null;
        } else if (r.result == null && job.status == InspectionJob.Status.RUNNING) {
            inspections.complete(r.draft, r, full, now);
        }
    }

    /** Gives a failed job back to the queue at once (the next attempt may be on another instance). */
    private void release(long revisionId) {
        QuarkusTransaction.requiringNew().run(() -> em.createQuery("update InspectionJob j set j.status = :pending,"
                        + " j.leaseUntil = null, j.worker = null, j.stage = :stage where j.revisionId = :id and j.worker = :me"
                        + " and j.status = :running")
                .setParameter("pending", InspectionJob.Status.PENDING).setParameter("stage", "检查中断，等待重试")
                .setParameter("id", revisionId).setParameter("me", me).setParameter("running", InspectionJob.Status.RUNNING)
                .executeUpdate());
        signal();
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes progress to the job at most once a second, renewing the lease each time. */
    private final class JobProgress implements InspectionProgress {
        private final long revisionId;
        private int total;
        private int done;
        private String stage = "";
        private long flushed;

        JobProgress(long revisionId) {
            this.revisionId = revisionId;
        }

        @Override
        public synchronized void planned(int units) {
            total += units;
            flush(false);
        }

        @Override
        public synchronized void done(int units, String stage) {
            done += units;
            this.stage = stage == null ? "" : stage.length() > 300 ? stage.substring(0, 300) : stage;
            flush(done >= total);
        }

        private void flush(boolean force) {
            long now = System.currentTimeMillis();
            if (!force && now - flushed < PROGRESS_EVERY_MILLIS) {
                return;
            }
            flushed = now;
            int d = done;
            int t = total;
            String s = stage;
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("update inspection_job set done_units = :d,"
                            + " total_units = :t, stage = :s, lease_until = now() + make_interval(secs => :lease)"
                            + " where revision_id = :id and worker = :me and status = 'RUNNING'")
                    .setParameter("d", d).setParameter("t", t).setParameter("s", s)
                    .setParameter("lease", (double) lease.toSeconds())
                    .setParameter("id", revisionId).setParameter("me", me).executeUpdate());
        }
    }
}
