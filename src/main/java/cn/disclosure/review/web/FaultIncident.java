package cn.disclosure.review.web;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A kind of fault the service cannot help (the database unreachable, the disk full) that the API
 * answers with 503, its problem and {@code Retry-After}, and logs once per incident: the first
 * failure logs one line, later failures within {@link #QUIET_NANOS} of the previous one are only
 * counted, and the next incident's line says how many failures the previous one had. Never a stack
 * trace, never an exception message (which can carry SQL, parameters or file names): the class of
 * the failure and its SQLState.
 */
public final class FaultIncident {
    /** Failures closer together than this belong to one incident. */
    static final long QUIET_NANOS = 60_000_000_000L;

    private final Logger log;
    private final String code;
    private final String title;
    private final String detail;
    private final int retryAfterSeconds;
    private final String logText;
    private final AtomicLong lastFailure = new AtomicLong();
    private final AtomicLong lastRecovery = new AtomicLong();
    private final AtomicLong inIncident = new AtomicLong();

    /**
     * @param logText the incident's log line, with {@code %s} for the failure's class and {@code %s}
     *                for the count of the previous incident
     */
    FaultIncident(Logger log, String code, String title, String detail, int retryAfterSeconds, String logText) {
        this.log = log;
        this.code = code;
        this.title = title;
        this.detail = detail;
        this.retryAfterSeconds = retryAfterSeconds;
        this.logText = logText;
    }

    public String code() {
        return code;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The problem every API answer during such an incident carries (503). */
    public Problem problem() {
        return new Problem(503, code, title, detail).with("retryAfterSeconds", retryAfterSeconds);
    }

    /** Records one failure; logs a line only when it starts a new incident. */
    public void report(Throwable t) {
        long now = System.nanoTime();
        long previous = lastFailure.getAndSet(now);
        if (previous == 0 || now - previous > QUIET_NANOS) {
            long before = inIncident.getAndSet(1);
            log.warnf(logText, rootType(t), previous == 0 || before <= 1 ? "" : "（上一次故障共影响 " + before + " 个请求）");
        } else {
            inIncident.incrementAndGet();
        }
    }

    /** Records that the resource works again (e.g. a new database connection was opened). */
    public void recovered() {
        lastRecovery.set(System.nanoTime());
    }

    /**
     * Whether the resource is failing now: a failure was reported within the last {@code nanos} and
     * nothing has shown it working since.
     */
    public boolean failingWithin(long nanos) {
        long failure = lastFailure.get();
        long recovery = lastRecovery.get();
        return reportedWithin(nanos) && (recovery == 0 || recovery - failure < 0);
    }

    /**
     * The readiness answer for this kind of fault: DOWN while {@link #failingWithin} the window,
     * with {@code dataKey}: {@code dataText} saying why.
     */
    public org.eclipse.microprofile.health.HealthCheckResponse readiness(String name, java.time.Duration window, String dataKey,
                                                                          String dataText) {
        boolean failing = failingWithin(window.toNanos());
        var b = org.eclipse.microprofile.health.HealthCheckResponse.named(name).status(!failing);
        if (failing) {
            b.withData(dataKey, dataText);
        }
        return b.build();
    }

    /** Whether a failure of this kind was reported within the last {@code nanos}. */
    public boolean reportedWithin(long nanos) {
        long last = lastFailure.get();
        return last != 0 && System.nanoTime() - last <= nanos;
    }

    /** Ends the current incident, so the next failure starts (and logs) a new one; for tests. */
    void forget() {
        lastFailure.set(0);
        lastRecovery.set(0);
        inIncident.set(0);
    }

    /** The class (and SQLState) of the failure that says what happened, for the log. */
    static String rootType(Throwable t) {
        Throwable e = t;
        String found = t == null ? "?" : t.getClass().getSimpleName();
        for (int depth = 0; e != null && depth < 25; depth++, e = e.getCause()) {
            if (e instanceof SQLException || e instanceof java.net.ConnectException || e instanceof IOException) {
                String state = e instanceof SQLException s && s.getSQLState() != null ? " SQLState " + s.getSQLState() : "";
                return e.getClass().getSimpleName() + state;
            }
            found = e.getClass().getSimpleName();
            if (e.getCause() == e) {
                break;
            }
        }
        return found;
    }
}
