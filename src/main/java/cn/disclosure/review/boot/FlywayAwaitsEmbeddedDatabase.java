package cn.disclosure.review.boot;

import java.sql.SQLException;

import jakarta.inject.Singleton;

import org.flywaydb.core.api.configuration.FluentConfiguration;

import io.quarkus.flyway.FlywayConfigurationCustomizer;

/**
 * Flyway connects as the schema owner through a driver of its own, not through the datasource's
 * {@link StartingPostgresDriver}: its configuration waits here for an embedded PostgreSQL that is
 * still starting beside Quarkus' boot, so the migration never meets a database without its roles.
 */
@Singleton
public class FlywayAwaitsEmbeddedDatabase implements FlywayConfigurationCustomizer {

    @Override
    public void customize(FluentConfiguration configuration) {
        try {
            StartingPostgresDriver.awaitStarted();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
