package cn.disclosure.review.web;

import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Keeps a database outage or a full disk to one log line per incident however many components trip
 * over it: a warning or error whose exception is such a fault ({@link ServiceFaults}) — the
 * transaction manager's failed rollback, a scheduled job, the pool's own complaint about a dead
 * connection — is counted into the incident (whose first failure logs the one line) instead of
 * being printed with its stack trace. Everything else passes unchanged. Applied to the console
 * handler ({@code quarkus.log.console.filter=service-faults}).
 */
@LoggingFilter(name = "service-faults")
public final class FaultLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        return decide(record);
    }

    static boolean decide(LogRecord record) {
        if (record.getLevel().intValue() < Level.WARNING.intValue()) {
            return true;
        }
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            Optional<FaultIncident> fault = ServiceFaults.classify(thrown);
            if (fault.isPresent()) {
                fault.get().report(thrown);
                return false;
            }
            return true;
        }
        if ("io.agroal.pool".equals(record.getLoggerName())) {
            String m = message(record).toLowerCase(Locale.ROOT);
            if (m.contains("this connection has been closed") || m.contains("closing connection in incorrect state")) {
                // the pool found a connection to a database that went away (SQLState 08003: no such connection)
                DatabaseOutage.report(new SQLException("connection gone", "08003"));
                return false;
            }
        }
        return true;
    }

    private static String message(LogRecord r) {
        String m = r instanceof ExtLogRecord e ? e.getFormattedMessage() : r.getMessage();
        return m == null ? "" : m;
    }
}
