package cn.disclosure.review.web;

import io.agroal.api.AgroalPoolInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;

/**
 * Tells {@link DatabaseOutage} when the database works again: the connection pool opened a new
 * connection (after an outage the pool must replace the connections it lost). Readiness
 * ({@link DatabaseOutageHealthCheck}) is UP again from then on.
 */
@ApplicationScoped
public class DatabaseRecovery implements AgroalPoolInterceptor {

    @Override
    public void onConnectionCreate(Connection connection) {
        DatabaseOutage.INCIDENT.recovered();
    }
}
