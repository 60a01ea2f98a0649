package cn.disclosure.review.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Webhook delivery settings, under {@code review.notify.*}. */
@ConfigMapping(prefix = "review.notify")
public interface NotifyConfig {

    /**
     * How often the deliverer looks for due outbox rows (scheduler syntax, e.g. {@code 1s});
     * {@code off} stops delivery on this instance (rows still accumulate in the outbox).
     */
    @WithDefault("1s")
    String pollInterval();

    /** Rows claimed per poll; they are sent concurrently. */
    @WithDefault("20")
    int batchSize();

    @WithDefault("5s")
    Duration connectTimeout();

    /** Time allowed for the receiver's whole response. */
    @WithDefault("10s")
    Duration readTimeout();

    /** Attempts (including the first) before a delivery is marked DEAD. */
    @WithDefault("10")
    int maxAttempts();

    Backoff backoff();

    interface Backoff {
        /** Delay before the second attempt. */
        @WithDefault("5s")
        Duration base();

        /** Each further delay is the previous one times this factor … */
        @WithDefault("2.0")
        double factor();

        /** … but never longer than this. */
        @WithDefault("1h")
        Duration max();
    }
}
