package cn.disclosure.review.web;

import org.junit.jupiter.api.Test;

import javax.transaction.xa.XAException;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** What the console's fault filter keeps out of the log, and what it lets through. */
class FaultLogFilterTest {

    @Test
    void warningsCarryingAnOutageOrAFullDiskAreCountedNotPrinted() {
        XAException rollback = new XAException("Error trying to transactionRollback local transaction");
        rollback.initCause(new SQLException("This connection has been closed.", "08003"));
        assertThat(FaultLogFilter.decide(record("com.arjuna.ats.jta", Level.WARNING, "ARJUNA016045: attempted rollback", rollback))).isFalse();
        assertThat(FaultLogFilter.decide(record("io.quarkus.scheduler", Level.SEVERE, "Error occurred while executing task",
                new java.util.concurrent.CompletionException(new SQLException("not yet accepting connections", "57P03"))))).isFalse();
        assertThat(FaultLogFilter.decide(record("cn.disclosure.review.search", Level.WARNING, "index write failed",
                new java.io.IOException("No space left on device")))).isFalse();
        assertThat(FaultLogFilter.decide(record("io.agroal.pool", Level.WARNING, "Datasource '<default>': This connection has been closed.", null))).isFalse();
    }

    @Test
    void everythingElsePasses() {
        assertThat(FaultLogFilter.decide(record("cn.disclosure.review.x", Level.SEVERE, "未处理的异常", new IllegalStateException("bug")))).isTrue();
        assertThat(FaultLogFilter.decide(record("cn.disclosure.review.x", Level.WARNING, "duplicate",
                new SQLException("duplicate key", "23505")))).isTrue();
        assertThat(FaultLogFilter.decide(record("io.agroal.pool", Level.WARNING, "Datasource '<default>': something else", null))).isTrue();
        assertThat(FaultLogFilter.decide(record("cn.disclosure.review.x", Level.INFO, "info with an outage attached",
                new SQLException("refused", "08001")))).isTrue();
    }

    private static LogRecord record(String logger, Level level, String message, Throwable thrown) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName(logger);
        r.setThrown(thrown);
        return r;
    }
}
