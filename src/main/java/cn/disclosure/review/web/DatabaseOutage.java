package cn.disclosure.review.web;

import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Recognises "the database cannot be reached" anywhere in an exception's cause chain (connection
 * refused or lost, pool acquisition timeout, server shutting down or starting up, a commit whose
 * outcome the transaction manager could not learn) and logs an outage
 * once per incident ({@link FaultIncident}).
 */
public final class DatabaseOutage {
    /** Seconds a client is asked to wait (Retry-After). */
    public static final int RETRY_AFTER_SECONDS = 30;

    static final FaultIncident INCIDENT = new FaultIncident(Logger.getLogger(DatabaseOutage.class), "database-unavailable",
            "服务暂时不可用", "数据库暂时无法访问，请稍后重试", RETRY_AFTER_SECONDS,
            "数据库不可用（%s），API 暂以 503 database-unavailable 应答%s；同一次故障不再逐条记录");

    private DatabaseOutage() {
    }

    /** Whether {@code t} (or one of its causes) says the database is unreachable. */
    public static boolean isOutage(Throwable t) {
        Throwable e = t;
        for (int depth = 0; e != null && depth < 25; depth++, e = e.getCause()) {
            String type = e.getClass().getName();
            if (type.equals("jakarta.transaction.HeuristicMixedException") || type.equals("jakarta.transaction.HeuristicRollbackException")
                    || type.equals("jakarta.transaction.SystemException") || e instanceof javax.transaction.xa.XAException) {
                // the commit's outcome is unknown: the transaction manager lost its one resource, the
                // database connection, during commit (it does not pass the SQLException on)
                return true;
            }
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
        INCIDENT.report(t);
    }

    /** Ends the current incident, so the next failure starts (and logs) a new one; for tests. */
    static void forgetIncident() {
        INCIDENT.forget();
    }

    /** The problem every API answer during an outage carries. */
    public static Problem problem() {
        return INCIDENT.problem();
    }
}
