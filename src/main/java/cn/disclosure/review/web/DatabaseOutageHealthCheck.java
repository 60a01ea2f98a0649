package cn.disclosure.review.web;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Readiness is DOWN while requests fail because the database cannot be reached ({@link DatabaseOutage}):
 * from the first such failure until the connection pool opens a new connection
 * ({@link DatabaseRecovery}) or {@link #WINDOW_SECONDS} have passed without another failure. It answers at
 * once, from what the requests saw; the datasource's own check needs a connection attempt, which
 * during an outage blocks the probe for seconds and may end after the database is back, and the
 * embedded database's supervisor only sees its postmaster die at its next look.
 */
@Readiness
@ApplicationScoped
public class DatabaseOutageHealthCheck implements HealthCheck {
    static final int WINDOW_SECONDS = 5;

    @Override
    public HealthCheckResponse call() {
        return DatabaseOutage.INCIDENT.readiness("database-requests", Duration.ofSeconds(WINDOW_SECONDS), "database",
                "请求因数据库无法访问而失败");
    }
}
