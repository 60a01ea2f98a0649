package cn.disclosure.review.boot;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness (/q/health/live) of the embedded PostgreSQL: DOWN only when its supervisor gave up
 * restarting it ({@link PostgresSupervisor.State#GIVEN_UP}), so an orchestrator restarts the
 * service; UP while it runs or is being restarted (readiness is DOWN meanwhile). With an external
 * PostgreSQL there is nothing to supervise here and liveness is the process's own.
 */
@Liveness
@ApplicationScoped
public class EmbeddedDatabaseLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return check(PostgresSupervisor.current().orElse(null));
    }

    static HealthCheckResponse check(PostgresSupervisor supervisor) {
        var b = HealthCheckResponse.named("embedded-postgresql-supervisor");
        if (supervisor == null) {
            return b.up().withData("database", "external").build();
        }
        PostgresSupervisor.State state = supervisor.state();
        return b.status(state != PostgresSupervisor.State.GIVEN_UP)
                .withData("state", state.name())
                .withData("restarts", supervisor.restarts())
                .withData("incidents", supervisor.incidents())
                .build();
    }
}
