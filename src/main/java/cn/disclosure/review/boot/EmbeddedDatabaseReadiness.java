package cn.disclosure.review.boot;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness (/q/health/ready) of the embedded PostgreSQL as its supervisor sees it: DOWN from the
 * moment the postmaster is found dead until it runs again (the datasource's own readiness check
 * says the same once a connection fails; this one needs no connection attempt).
 */
@Readiness
@ApplicationScoped
public class EmbeddedDatabaseReadiness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return check(PostgresSupervisor.current().orElse(null));
    }

    static HealthCheckResponse check(PostgresSupervisor supervisor) {
        var b = HealthCheckResponse.named("embedded-postgresql");
        if (supervisor == null) {
            return b.up().withData("database", "external").build();
        }
        PostgresSupervisor.State state = supervisor.state();
        return b.status(state == PostgresSupervisor.State.RUNNING).withData("state", state.name()).build();
    }
}
