package cn.disclosure.review.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Web UI sessions and sign-in throttling ({@code review.identity.*}, see application.properties). */
@ConfigMapping(prefix = "review.identity")
public interface IdentityConfig {

    Session session();

    Throttle throttle();

    interface Session {
        /** A session ends this long after sign-in however active it is (the idle limit is quarkus.http.auth.form.timeout). */
        @WithDefault("12H")
        Duration maxAge();
    }

    interface Throttle {
        /** Failed sign-ins for one account name within {@link #window()} that start a block. */
        @WithDefault("10")
        int accountFailures();

        /** Failed sign-ins from one source address within {@link #window()} that start a block. */
        @WithDefault("100")
        int addressFailures();

        @WithDefault("1M")
        Duration window();

        /** The first block; every further failure after a block doubles it, up to {@link #maxBlock()}. */
        @WithDefault("1M")
        Duration block();

        @WithDefault("1H")
        Duration maxBlock();

        /** Without a failure for this long (after its block ended) a key starts afresh (no strikes, no count). */
        @WithDefault("15M")
        Duration quietReset();
    }
}
