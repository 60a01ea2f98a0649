package cn.disclosure.review.fleet;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One PostgreSQL session that {@code LISTEN}s on a channel, on a daemon thread of its own, and hands
 * every payload to a consumer. When the connection breaks it reconnects (0.5 s, doubling up to a
 * limit) and, once {@code LISTEN} is in force again, runs {@code onConnected} — notifications sent
 * while nobody listened are lost, so whoever relies on them re-reads the database then. The first
 * connection runs {@code onConnected} too. One log line when the connection is lost, one when it is
 * back; payloads are never logged.
 */
public final class NotificationListener implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NotificationListener.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int POLL_MILLIS = 250;

    private final String url;
    private final Properties login;
    private final String channel;
    private final Consumer<String> onPayload;
    private final Runnable onConnected;
    private final long maxDelayMillis;
    private final long heartbeatMillis;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean connected;
    private volatile Connection connection;

    public NotificationListener(String url, String user, String password, String channel, Duration maxReconnectDelay,
                                Duration heartbeat, Consumer<String> onPayload, Runnable onConnected) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("channel must be a lower-case identifier");
        }
        this.url = url;
        this.login = new Properties();
        if (user != null) {
            login.setProperty("user", user);
        }
        if (password != null) {
            login.setProperty("password", password);
        }
        login.setProperty("ApplicationName", "review-change-listener");
        login.setProperty("connectTimeout", "5");
        login.setProperty("tcpKeepAlive", "true");
        this.channel = channel;
        this.onPayload = onPayload;
        this.onConnected = onConnected;
        this.maxDelayMillis = Math.max(500, maxReconnectDelay.toMillis());
        this.heartbeatMillis = Math.max(1000, heartbeat.toMillis());
        this.thread = new Thread(this::run, "fleet-change-listener");
        thread.setDaemon(true);
    }

    public NotificationListener start() {
        thread.start();
        return this;
    }

    /** {@code LISTEN} is in force on a live connection. */
    public boolean connected() {
        return connected;
    }

    private void run() {
        long delay = 500;
        boolean lost = false;
        while (running) {
            try (Connection c = new org.postgresql.Driver().connect(url, login)) {
                if (c == null) {
                    throw new SQLException("not a PostgreSQL JDBC URL");
                }
                connection = c;
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + channel);
                }
                connected = true;
                delay = 500;
                if (lost) {
                    LOG.infof("变更通知连接已恢复（频道 %s）", channel);
                    lost = false;
                }
                onConnected.run();
                listen(c);
            } catch (SQLException | RuntimeException e) {
                connected = false;
                if (!running) {
                    break;
                }
                if (!lost) {
                    // the class and SQLState only: a message can carry connection details
                    LOG.warnf("变更通知连接中断（%s%s），将自动重连；其间依靠定时刷新", e.getClass().getSimpleName(),
                            e instanceof SQLException s && s.getSQLState() != null ? " " + s.getSQLState() : "");
                    lost = true;
                }
                sleep(delay);
                delay = Math.min(delay * 2, maxDelayMillis);
            } finally {
                connected = false;
                connection = null;
            }
        }
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastHeard = System.nanoTime();
        while (running) {
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            long now = System.nanoTime();
            if (notifications != null && notifications.length > 0) {
                lastHeard = now;
                for (PGNotification n : notifications) {
                    deliver(n.getParameter());
                }
            } else if (now - lastHeard > heartbeatMillis * 1_000_000L) {
                try (Statement s = c.createStatement()) {
                    s.execute("select 1");
                }
                lastHeard = now;
            }
        }
    }

    private void deliver(String payload) {
        try {
            onPayload.accept(payload);
        } catch (RuntimeException e) {
            LOG.errorf("处理变更通知失败（%s），由定时刷新兜底", e.getClass().getName());
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
    }
}
