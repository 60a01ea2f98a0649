package cn.disclosure.review.web;

import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Recognises "the database cannot be reached" anywhere in an exception's cause chain (connection
 * refused or lost, pool acquisition timeout, server shutting down) and logs an outage once per
 * incident: the first failure logs one line, later failures within {@link #QUIET_NANOS} of the last
 * one are only counted, and the next incident's line says how many requests the previous one hit.
 * Never a stack trace, never an exception message (which can carry SQL or parameters).
 */
public final class DatabaseOutage {
    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class);
    /** Failures closer together than this belong to one incident. */
    static final long QUIET_NANOS = 60_000_000_000L;
    /** Seconds a client is asked to wait (Retry-After). */
    public static final int RETRY_AFTER_SECONDS = 30;

    private static final AtomicLong lastFailure = new AtomicLong();
    private static final AtomicLong inIncident = new AtomicLong();

    private DatabaseOutage() {
    }

    /** Whether {@code t} (or one of its causes) says the database is unreachable. */
    public static boolean isOutage(Throwable t) {
        Throwable e = t;
        for (int depth = 0; e != null && depth < 25; depth++, e = e.getCause()) {
            String type = e.getClass().getName();
            if (type.equals("org.hibernate.exception.JDBCConnectionException")
                    || e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                    || e instanceof java.net.ConnectException) {
                return true;
            }
            if (e instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08")                 // connection exception
                        || state.equals("57P01") || state.equals("57P02")     // admin / crash shutdown
                        || state.equals("57P03") || state.equals("53300"))) { // cannot connect now / too many connections
                    return true;
                }
                String message = sql.getMessage();
                if (state == null && message != null && message.toLowerCase(java.util.Locale.ROOT).contains("acquisition timeout")) {
                    return true;                                               // Agroal: no connection within the timeout
                }
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return false;
    }

    /** Records one failed request; logs a line only when it starts a new incident. */
    public static void report(Throwable t) {
        long now = System.nanoTime();
        long previous = lastFailure.getAndSet(now);
        if (previous == 0 || now - previous > QUIET_NANOS) {
            long before = inIncident.getAndSet(1);
            LOG.warnf("数据库不可用（%s），API 暂以 503 database-unavailable 应答%s；同一次故障不再逐条记录",
                    rootType(t), previous == 0 || before <= 1 ? "" : "（上一次故障共影响 " + before + " 个请求）");
        } else {
            inIncident.incrementAndGet();
        }
    }

    /** Ends the current incident, so the next failure starts (and logs) a new one; for tests. */
    static void forgetIncident() {
        lastFailure.set(0);
        inIncident.set(0);
    }

    /** The problem every API answer during an outage carries. */
    public static Problem problem() {
        return new Problem(503, "database-unavailable", "服务暂时不可用", "数据库暂时无法访问，请稍后重试")
                .with("retryAfterSeconds", RETRY_AFTER_SECONDS);
    }

    private static String rootType(Throwable t) {
        Throwable e = t;
        String found = t.getClass().getSimpleName();
        for (int depth = 0; e != null && depth < 25; depth++, e = e.getCause()) {
            if (e instanceof SQLException || e instanceof java.net.ConnectException) {
                String state = e instanceof SQLException s && s.getSQLState() != null ? " SQLState " + s.getSQLState() : "";
                return e.getClass().getSimpleName() + state;
            }
            found = e.getClass().getSimpleName();
        }
        return found;
    }
}
