package cn.disclosure.review.fleet;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Change notifications between instances, {@code review.fleet.*} (docs/deploy.md). */
@ConfigMapping(prefix = "review.fleet")
public interface FleetConfig {

    /** Listen for changes made on other instances (a dedicated database connection per instance). */
    @WithDefault("true")
    boolean listen();

    /** The PostgreSQL notification channel (an identifier: letters, digits, underscores). */
    @WithDefault("review_changes")
    String channel();

    /** Longest wait between two reconnection attempts of the listener (it starts at 0.5 s and doubles). */
    @WithDefault("2s")
    Duration maxReconnectDelay();

    /** How often an idle listener checks that its connection is still alive. */
    @WithDefault("15s")
    Duration heartbeat();
}
