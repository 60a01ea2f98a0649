package cn.disclosure.review.inspect;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;

/**
 * The inspection engine's warm-up (HanLP's dictionaries, the 繁→简 table: about a second) runs on a
 * thread of its own while the rest of the service starts; readiness (/q/health/ready) is DOWN until
 * it has finished, and stays DOWN if it failed (fail closed: an engine that could not load its
 * dictionaries is not put in front of traffic).
 */
@Readiness
@ApplicationScoped
public class EngineWarmUp implements HealthCheck {
    private static final Logger LOG = Logger.getLogger(EngineWarmUp.class);
    private static volatile CompletableFuture<Void> done;

    /** Runs {@code warmUp} once, on a thread of its own when {@code background} (else now, on this one). */
    static synchronized void start(boolean background, Runnable warmUp) {
        if (done != null) {
            return;
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        done = f;
        Runnable task = () -> run(warmUp, f);
        if (!background) {
            task.run();
            return;
        }
        Thread t = new Thread(task, "inspection-engine-warm-up");
        t.setDaemon(true);
        t.start();
    }

    static void run(Runnable warmUp, CompletableFuture<Void> f) {
        try {
            warmUp.run();
            f.complete(null);
        } catch (RuntimeException | Error e) {
            LOG.errorf("检查引擎预热失败（%s），服务保持未就绪", e.getClass().getName());
            f.completeExceptionally(e);
        }
    }

    @Override
    public HealthCheckResponse call() {
        return status(done);
    }

    /** DOWN until {@code f} is done, and DOWN for good when it failed. */
    static HealthCheckResponse status(CompletableFuture<Void> f) {
        var b = HealthCheckResponse.named("inspection-engine");
        if (f == null || !f.isDone()) {
            return b.down().withData("engine", "预热中").build();
        }
        if (f.isCompletedExceptionally()) {
            return b.down().withData("engine", "预热失败").build();
        }
        return b.up().build();
    }
}
