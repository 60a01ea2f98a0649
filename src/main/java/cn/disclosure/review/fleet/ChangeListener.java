package cn.disclosure.review.fleet;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * This instance's listener for changes announced by {@link FleetChanges} on any instance: one
 * database session of its own (the datasource's URL and login, outside the pool), started after
 * the lexicons are in force. Each payload goes to the {@link ChangeSubscriber}s of its topic; after
 * every (re)connection all subscribers re-read the database.
 */
@ApplicationScoped
public class ChangeListener {
    private static final Logger LOG = Logger.getLogger(ChangeListener.class);

    @Inject
    FleetConfig config;
    @Inject
    @Any
    Instance<ChangeSubscriber> subscribers;
    @Inject
    MeterRegistry meters;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    Optional<String> url;
    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;
    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private volatile NotificationListener listener;
    private List<ChangeSubscriber> all = List.of();

    void onStart(@Observes @Priority(50) StartupEvent event) {
        if (!config.listen()) {
            LOG.info("未启用变更通知（review.fleet.listen=false）：其他实例的修改仅靠定时刷新同步");
            return;
        }
        if (url.isEmpty()) {
            LOG.warn("无数据库地址，变更通知未启动");
            return;
        }
        List<ChangeSubscriber> list = new ArrayList<>();
        subscribers.forEach(list::add);
        all = List.copyOf(list);
        listener = new NotificationListener(url.get(), user.orElse(null), password.orElse(null), config.channel(),
                config.maxReconnectDelay(), config.heartbeat(), this::dispatch, this::resyncAll).start();
        // review_fleet_listener_connected (1/0) and review_fleet_notifications_total{topic}: docs/deploy.md
        Gauge.builder("review.fleet.listener.connected", this, c -> c.listener != null && c.listener.connected() ? 1 : 0)
                .description("1 while the change listener holds a live LISTEN connection").register(meters);
    }

    void onStop(@Observes ShutdownEvent event) {
        NotificationListener l = listener;
        if (l != null) {
            l.close();
        }
    }

    /** The listener holds a live connection with {@code LISTEN} in force (false when listening is off). */
    public boolean connected() {
        NotificationListener l = listener;
        return l != null && l.connected();
    }

    public boolean enabled() {
        return listener != null;
    }

    void dispatch(String payload) {
        int colon = payload.indexOf(':');
        String topic = colon < 0 ? payload : payload.substring(0, colon);
        String detail = colon < 0 ? "" : payload.substring(colon + 1);
        boolean known = false;
        for (ChangeSubscriber s : all) {
            if (s.topic().equals(topic)) {
                known = true;
                s.changed(detail);
            }
        }
        // the topic as a tag only when some subscriber knows it: payloads from elsewhere cannot create meters
        meters.counter("review.fleet.notifications", "topic", known ? topic : "other").increment();
    }

    void resyncAll() {
        for (ChangeSubscriber s : all) {
            try {
                s.resync();
            } catch (RuntimeException e) {
                LOG.errorf("变更通知重连后刷新 %s 失败（%s），由定时刷新兜底", s.topic(), e.getClass().getName());
            }
        }
    }
}
