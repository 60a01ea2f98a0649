package cn.disclosure.review.boot;

import io.quarkus.runtime.StartupEvent;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/**
 * Hands the supervisor of the embedded PostgreSQL ({@link PostgresSupervisor}) the policy of
 * application.properties ({@code review.db.supervisor.*}, or the REVIEW_DB_SUPERVISOR_* environment
 * variables): until Quarkus has read its configuration the supervisor runs with the same keys from
 * system properties and environment, else the defaults. Also drops the connection pool's dead
 * connections when the postmaster died and again when it runs again.
 */
@ApplicationScoped
public class SupervisorSettings {

    @ConfigProperty(name = "review.db.supervisor.check-interval-millis", defaultValue = "500")
    long checkIntervalMillis;
    @ConfigProperty(name = "review.db.supervisor.max-attempts", defaultValue = "5")
    int maxAttempts;
    @ConfigProperty(name = "review.db.supervisor.budget-seconds", defaultValue = "120")
    long budgetSeconds;
    @ConfigProperty(name = "review.db.supervisor.max-backoff-millis", defaultValue = "5000")
    long maxBackoffMillis;

    @Inject
    AgroalDataSource dataSource;

    void apply(@Observes StartupEvent ev) {
        PostgresSupervisor.Policy policy = new PostgresSupervisor.Policy(Duration.ofMillis(checkIntervalMillis), maxAttempts,
                Duration.ofSeconds(budgetSeconds), Duration.ofMillis(maxBackoffMillis));
        PostgresSupervisor.current().ifPresent(s -> {
            s.policy(policy);
            // the pool's connections to the dead postmaster are of no use: idle ones go now, busy ones
            // when returned, so requests fail fast while it is down and meet fresh ones once it is back
            s.onChange(state -> {
                if (state != PostgresSupervisor.State.GIVEN_UP) {
                    dataSource.flush(AgroalDataSource.FlushMode.GRACEFUL);
                }
            });
        });
    }
}
