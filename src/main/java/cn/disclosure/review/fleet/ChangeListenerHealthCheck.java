package cn.disclosure.review.fleet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness DOWN while the change listener has no live connection: such an instance could keep
 * serving a lexicon replaced elsewhere until its periodic refresh, so the load balancer should
 * prefer the others meanwhile.
 */
@Readiness
@ApplicationScoped
public class ChangeListenerHealthCheck implements HealthCheck {
    @Inject
    ChangeListener listener;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("fleet-change-listener").status(listener.healthy()).build();
    }
}
