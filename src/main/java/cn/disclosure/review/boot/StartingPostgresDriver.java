package cn.disclosure.review.boot;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;

/**
 * The datasource's JDBC driver ({@code quarkus.datasource.jdbc.driver}): PostgreSQL's own, which
 * first waits for an embedded PostgreSQL that is still starting. The embedded database starts beside
 * Quarkus' boot ({@link EmbeddedDatabase#startIfNoDatabaseConfigured()}); the first connection —
 * Flyway's — waits here until it runs, and fails with the start's own error when it could not be
 * started. With an external database nothing is pending and every call goes straight to
 * PostgreSQL's driver.
 */
public final class StartingPostgresDriver implements Driver {
    private static final Driver POSTGRES = new org.postgresql.Driver();
    private static volatile CompletableFuture<?> starting = CompletableFuture.completedFuture(null);

    /** Connections wait for {@code start} from now on. */
    static void connectAfter(CompletableFuture<?> start) {
        starting = start;
    }

    static void awaitStarted() throws SQLException {
        CompletableFuture<?> start = starting;
        if (start.isDone() && !start.isCompletedExceptionally()) {
            return;
        }
        try {
            start.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("等待内置 PostgreSQL 启动时被中断", "08001", e);
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new SQLException("内置 PostgreSQL 未能启动：" + cause.getMessage(), "08001", cause);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!POSTGRES.acceptsURL(url)) {
            return null;                         // not ours (java.sql.Driver's contract)
        }
        awaitStarted();
        return POSTGRES.connect(url, info);
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return POSTGRES.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return POSTGRES.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return POSTGRES.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return POSTGRES.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return POSTGRES.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return POSTGRES.getParentLogger();
    }
}
