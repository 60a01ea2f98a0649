package cn.disclosure.review.web;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;

/**
 * Defers work until the current HTTP answer has been written: a submit that queues a background
 * inspection wakes the worker once the client has its 201, so the worker's parsing and OCR (CPU,
 * large allocations) do not compete with writing the answer. Outside an HTTP request — or when the
 * answer is already out — the task runs at once. The task also runs when the connection closes
 * before the answer is written, so it is never lost (and workers poll in any case).
 */
@ApplicationScoped
public class AfterResponse {
    @Inject
    CurrentVertxRequest current;

    public void run(Runnable task) {
        RoutingContext rc;
        try {
            rc = current.getCurrent();
        } catch (ContextNotActiveException e) {
            rc = null;
        }
        if (rc == null || rc.response().ended() || rc.response().closed()) {
            task.run();
            return;
        }
        rc.addEndHandler(done -> task.run());
    }
}
