package cn.disclosure.review.lexicon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The starting lexicons loading in the background while a refresh comes in (a change notification
 * or the periodic refresh at start-up): the refresh waits for them without holding the lock the
 * loading needs, so both finish. It deadlocked once (CI-like run of ClassCacheIT).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class LexiconStartLoadTest {

    @Inject
    LexiconService lexicons;

    @Inject
    LexiconConfig config;

    @Test
    void aRefreshDuringTheStartingLoadWaitsForItAndBothFinish() throws Exception {
        LexiconService service = ClientProxy.unwrap(lexicons);
        LexiconRegistry inUse = service.registry;
        LexiconRegistry starting = new LexiconRegistry();
        starting.holdUntilStartingLexicons();
        service.registry = starting;
        try {
            // the refresh comes first and must not keep the loading out
            CompletableFuture<Void> refresh = CompletableFuture.runAsync(service::refresh);
            Thread.sleep(300);
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> service.loadStartingLexicons(Path.of(config.directory())));

            load.get(60, TimeUnit.SECONDS);
            refresh.get(60, TimeUnit.SECONDS);
            assertThat(starting.holding()).isFalse();
            assertThat(starting.current().versions()).isEqualTo(inUse.current().versions());
        } finally {
            service.registry = inUse;
        }
    }
}
