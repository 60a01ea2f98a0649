package cn.disclosure.review.inspect;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness waits for the engine's warm-up, and a failed warm-up keeps the service out of traffic. */
class EngineWarmUpTest {

    @Test
    void notReadyUntilTheWarmUpHasFinished() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        assertThat(EngineWarmUp.status(null).getStatus().name()).isEqualTo("DOWN");
        assertThat(EngineWarmUp.status(f).getStatus().name()).isEqualTo("DOWN");
        EngineWarmUp.run(() -> { }, f);
        assertThat(EngineWarmUp.status(f).getStatus().name()).isEqualTo("UP");
    }

    @Test
    void aFailedWarmUpKeepsTheServiceNotReady() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        EngineWarmUp.run(() -> {
            throw new IllegalStateException("dictionary missing");
        }, f);
        assertThat(EngineWarmUp.status(f).getStatus().name()).isEqualTo("DOWN");
        assertThat(EngineWarmUp.status(f).getData()).hasValueSatisfying(d -> assertThat(d).containsEntry("engine", "预热失败"));
    }
}
