package cn.disclosure.review.boot;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches the embedded PostgreSQL's postmaster and starts it again on the same data directory when
 * it has died (kill -9, OOM killer, a crash): PostgreSQL then recovers from its WAL, so every
 * committed (answered) write is back. Only the embedded database is supervised; an external one
 * (QUARKUS_DATASOURCE_JDBC_URL) is the operator's.
 *
 * <p>The postmaster is looked at every {@link Policy#checkInterval()}. When it is gone, the
 * processes it had started (backends, background workers: they would hold the shared memory and
 * stop the new postmaster from starting) are killed, the stale pid file is removed and
 * {@code pg_ctl start -w} runs (it waits for crash recovery). A failed start is retried with a
 * growing pause (up to {@link Policy#maxBackoff()}); after {@link Policy#maxAttempts()} failed
 * attempts or {@link Policy#budget()} the supervisor gives up: the state becomes
 * {@link State#GIVEN_UP}, liveness reports DOWN (so an orchestrator restarts the service) and the
 * supervisor keeps trying every {@code maxBackoff}, coming back to {@link State#RUNNING} if a start
 * succeeds after all.
 *
 * <p>One log line per incident and outcome: the postmaster is gone, it runs again, or the
 * supervisor gave up — never a line per attempt or per request.
 */
public final class PostgresSupervisor {
    private static final Logger LOG = Logger.getLogger(PostgresSupervisor.class);

    /** What the supervisor knows of the database. */
    public enum State {
        /** The postmaster runs. */
        RUNNING,
        /** The postmaster died; a restart is in progress. */
        RESTARTING,
        /** The restarts failed within the attempts and the time budget; liveness is DOWN. */
        GIVEN_UP,
        /** The service is shutting down; the supervisor no longer acts. */
        STOPPED
    }

    /**
     * How the supervisor works: look every {@code checkInterval}; give up after {@code maxAttempts}
     * failed starts or {@code budget} since the postmaster was found dead, whichever comes first;
     * pause at most {@code maxBackoff} between attempts.
     */
    public record Policy(Duration checkInterval, int maxAttempts, Duration budget, Duration maxBackoff) {
        public static final Policy DEFAULT = new Policy(Duration.ofMillis(500), 5, Duration.ofSeconds(120), Duration.ofSeconds(5));

        public Policy {
            if (checkInterval.isNegative() || checkInterval.isZero() || maxAttempts < 1 || budget.isNegative()
                    || maxBackoff.isNegative() || maxBackoff.isZero()) {
                throw new IllegalArgumentException("supervisor policy");
            }
        }
    }

    /** The supervised server: where its postmaster is, and how it is started. */
    interface Postmaster {
        /** The running postmaster, empty when there is none. */
        Optional<ProcessHandle> process();

        /** Removes what a dead postmaster left behind (a pid file naming a dead process). */
        void clearLeftovers() throws IOException;

        /** Starts the server and returns when it accepts connections; throws when it does not start. */
        void start() throws IOException;
    }

    private static volatile PostgresSupervisor current;

    private final Postmaster postmaster;
    private final Object lock = new Object();
    private final AtomicLong incidents = new AtomicLong();
    private final AtomicLong restarts = new AtomicLong();
    private volatile Policy policy;
    private volatile State state = State.RUNNING;
    private volatile boolean stopping;
    private volatile List<ProcessHandle> children = List.of();
    private volatile String lastFailure = "";
    private final List<java.util.function.Consumer<State>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Thread thread;

    PostgresSupervisor(Postmaster postmaster, Policy policy) {
        this.postmaster = postmaster;
        this.policy = policy;
    }

    /** The supervisor of this process's embedded PostgreSQL; empty when the database is external. */
    public static Optional<PostgresSupervisor> current() {
        return Optional.ofNullable(current);
    }

    /** Starts supervising {@code server} and makes it {@link #current()}. */
    static PostgresSupervisor supervise(PostgresServer server, Policy policy) {
        PostgresSupervisor s = new PostgresSupervisor(new Postmaster() {
            @Override
            public Optional<ProcessHandle> process() {
                return server.postmaster();
            }

            @Override
            public void clearLeftovers() throws IOException {
                server.stopLeftoverPostmaster();
            }

            @Override
            public void start() throws IOException {
                server.start();
            }
        }, policy);
        s.startWatching();
        current = s;
        return s;
    }

    void startWatching() {
        Thread t = new Thread(this::watch, "embedded-postgres-supervisor");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    public State state() {
        return state;
    }

    /** Successful restarts since the service started. */
    public long restarts() {
        return restarts.get();
    }

    /** Times the postmaster was found dead since the service started. */
    public long incidents() {
        return incidents.get();
    }

    public Policy policy() {
        return policy;
    }

    /**
     * Called on the supervisor's thread whenever the postmaster is found dead ({@link State#RESTARTING}),
     * runs again ({@link State#RUNNING}) or was given up ({@link State#GIVEN_UP}); e.g. to drop the
     * connection pool's dead connections.
     */
    public void onChange(java.util.function.Consumer<State> listener) {
        listeners.add(listener);
    }

    private void changed(State s) {
        for (var l : listeners) {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                LOG.warnf("内置 PostgreSQL 状态变更的处理出错（%s）", e.getClass().getName());
            }
        }
    }

    /** Applies the configured policy (read by Quarkus after the database was started with the default one). */
    public void policy(Policy p) {
        this.policy = p;
    }

    /**
     * Stops supervising (shutdown): waits for a restart in progress to end, so the caller's stop of
     * the server comes after it. Idempotent.
     */
    void stop() {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        synchronized (lock) {
            state = State.STOPPED;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void watch() {
        while (!stopping) {
            Optional<ProcessHandle> pm = postmaster.process();
            if (pm.isPresent()) {
                // who to clean up should the postmaster die: the processes it started
                children = pm.get().descendants().toList();
                if (!pause(policy.checkInterval())) {
                    return;
                }
                continue;
            }
            if (stopping) {
                return;
            }
            recover();
        }
    }

    private void recover() {
        long down = System.nanoTime();
        long incident = incidents.incrementAndGet();
        state = State.RESTARTING;
        changed(State.RESTARTING);
        LOG.warnf("内置 PostgreSQL 主进程已退出（第 %d 次），正在同一数据目录上重启并从 WAL 恢复；期间 API 以 503 应答，就绪探针为 DOWN", incident);
        boolean gaveUp = false;
        for (int attempt = 1; !stopping; attempt++) {
            try {
                synchronized (lock) {
                    if (stopping) {
                        return;
                    }
                    killLeftoverChildren();
                    postmaster.clearLeftovers();
                    postmaster.start();
                    state = State.RUNNING;
                }
                restarts.incrementAndGet();
                changed(State.RUNNING);
                LOG.infof("内置 PostgreSQL 已重启，崩溃恢复完成（第 %d 次尝试，停机 %d ms）", attempt, millisSince(down));
                return;
            } catch (IOException | RuntimeException e) {
                if (stopping) {
                    return;
                }
                lastFailure = failureText(e);
                Policy p = policy;
                if (!gaveUp && (attempt >= p.maxAttempts() || System.nanoTime() - down >= p.budget().toNanos())) {
                    gaveUp = true;
                    state = State.GIVEN_UP;
                    changed(State.GIVEN_UP);
                    LOG.errorf("内置 PostgreSQL 无法重启（%d 次尝试，%d s；最后一次：%s）；存活探针 /q/health/live 报告 DOWN，"
                            + "由编排系统重启服务；此后每 %d ms 再试一次", attempt, millisSince(down) / 1000, lastFailure,
                            p.maxBackoff().toMillis());
                }
            }
            if (!pause(gaveUp ? policy.maxBackoff() : backoff(attempt, policy.maxBackoff()))) {
                return;
            }
        }
    }

    /** 250 ms, 500 ms, 1 s, … up to {@code max}. */
    static Duration backoff(int attempt, Duration max) {
        long millis = 250L << Math.min(attempt - 1, 20);
        return millis >= max.toMillis() ? max : Duration.ofMillis(millis);
    }

    /**
     * The dead postmaster's backends and workers notice its death and exit by themselves, but one
     * busy in a statement only does so later, and while any of them holds the old shared memory
     * PostgreSQL refuses to start. Nothing they hold is needed: crash recovery replays the WAL.
     */
    private void killLeftoverChildren() {
        List<ProcessHandle> left = children.stream().filter(PostgresServer::running).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : left) {
            // a zombie holds no shared memory; one still running makes the start below fail and be retried
            PostgresServer.waitForExit(h, 5);
        }
        children = List.of();
    }

    /** The failure's class and the first line of its message (pg_ctl's own words: no row content). */
    private static String failureText(Throwable e) {
        String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        if (m.length() > 300) {
            m = m.substring(0, 300) + "…";
        }
        return e.getClass().getSimpleName() + (m.isEmpty() ? "" : " " + m);
    }

    /** What the last failed start said; empty when none failed. */
    public String lastFailure() {
        return lastFailure;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return !stopping;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
