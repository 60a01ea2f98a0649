package cn.disclosure.review.audit;

import cn.disclosure.review.web.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Group commit for routine audit lines (one per check through the API). A caller hands its line
 * to one writer thread and waits until the line is committed, so a check still answers only after
 * its audit line is in the chain; the writer takes every line waiting at that moment and appends
 * them in one transaction under one chain lock. Under load a transaction carries many lines, so
 * checks stop queueing on the chain lock one by one; alone, a line waits for nothing but its own
 * transaction. If the line cannot be written in time the check fails (503) rather than answering
 * unrecorded.
 */
@ApplicationScoped
public class RoutineAuditWriter {
    private static final Logger LOG = Logger.getLogger(RoutineAuditWriter.class);

    private record Pending(AuditLog.Line line, CompletableFuture<Void> done) {
    }

    @Inject
    AuditLog audit;
    @ConfigProperty(name = "review.audit.routine.max-batch", defaultValue = "256")
    int maxBatch;
    @ConfigProperty(name = "review.audit.routine.max-queue", defaultValue = "8192")
    int maxQueue;
    @ConfigProperty(name = "review.audit.routine.timeout-ms", defaultValue = "10000")
    long timeoutMs;

    private BlockingQueue<Pending> queue;
    private Thread writer;
    private volatile boolean stopping;

    @PostConstruct
    void start() {
        queue = new ArrayBlockingQueue<>(maxQueue);
        writer = new Thread(this::run, "routine-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @PreDestroy
    void stop() {
        stopping = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Appends a routine line and returns once it is committed; a 503 problem when it cannot be. */
    public void append(String action, String actor, String subjectType, String subjectId, Map<String, ?> details) {
        Pending p = new Pending(new AuditLog.Line(action, actor, subjectType, subjectId, details), new CompletableFuture<>());
        try {
            if (stopping || !queue.offer(p, timeoutMs, TimeUnit.MILLISECONDS)) {
                throw unavailable();
            }
            p.done().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (TimeoutException e) {
            throw unavailable();
        } catch (ExecutionException e) {
            LOG.errorf(e.getCause(), "审计记录写入失败（%s）", action);
            throw unavailable();
        }
    }

    private static ProblemException unavailable() {
        return new ProblemException(503, "audit-unavailable", "审计记录暂时无法写入，本次检查未完成，请稍后重试");
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (true) {
            Pending first;
            try {
                first = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                if (stopping) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, maxBatch - 1);
            write(batch);
            batch.clear();
        }
    }

    private void write(List<Pending> batch) {
        try {
            audit.appendRoutine(batch.stream().map(Pending::line).toList());
            batch.forEach(p -> p.done().complete(null));
        } catch (RuntimeException e) {
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }
}
