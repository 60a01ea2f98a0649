package cn.disclosure.review.lexicon;

import cn.disclosure.review.core.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LexiconRegistryTest {
    private final LexiconParser parser = new LexiconParser(1_000);

    @Test
    void aPreparedLexiconGoesInForceWithTheVersionItWasStoredAs() {
        LexiconRegistry registry = new LexiconRegistry();
        registry.installAll(List.of(parser.parse("base", 3, "标底\tBLOCK\n")));
        LexiconRegistry.Candidate c = registry.prepare(parser.parse("extra", 0, "内部参阅\tWARN\n"));
        assertThat(registry.current().versions()).containsOnlyKeys("base");

        registry.install(c, 7);
        assertThat(registry.current().versions()).containsEntry("base", 3).containsEntry("extra", 7);
        assertThat(registry.current().severityOf("内部参阅")).isEqualTo(Severity.WARN);
        assertThat(registry.current().severityOf("标底")).isEqualTo(Severity.BLOCK);
    }

    @Test
    void aChangeBetweenPrepareAndInstallIsNotLost() {
        LexiconRegistry registry = new LexiconRegistry();
        LexiconRegistry.Candidate c = registry.prepare(parser.parse("extra", 0, "内部参阅\tWARN\n"));
        registry.installAll(List.of(parser.parse("other", 2, "考试试题\tINFO\n")));

        registry.install(c, 1);
        assertThat(registry.current().versions()).containsEntry("other", 2).containsEntry("extra", 1);
        assertThat(registry.current().severityOf("考试试题")).isEqualTo(Severity.INFO);
        assertThat(registry.current().severityOf("内部参阅")).isEqualTo(Severity.WARN);
    }

    @Test
    void theWarmUpLexiconIsAValidLexiconOfTheRequestedSize() {
        Lexicon warm = parser.parse("warm-up", 0, CompilerWarmUp.syntheticLexicon(1_000));
        assertThat(warm.entries()).hasSize(1_000);
        assertThat(CompiledLexicon.compile(List.of(warm)).size()).isEqualTo(1_000);
        CompilerWarmUp.run(500);
    }

    @Test
    void whileTheStartingLexiconsLoadACheckWaitsAndThenSeesThemNeverAnEmptyRegistry() throws Exception {
        LexiconRegistry registry = new LexiconRegistry();
        registry.holdUntilStartingLexicons();
        assertThat(registry.holding()).isTrue();

        java.util.concurrent.CompletableFuture<Severity> check = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> registry.current().severityOf("标底"));
        // a replacement through the API during the load puts its lexicon in, but does not let checks through
        registry.install(registry.prepare(parser.parse("extra", 0, "内部参阅\tWARN\n")), 4);
        Thread.sleep(200);
        assertThat(check).as("no check before the starting lexicons are in force").isNotDone();

        registry.installAll(List.of(parser.parse("base", 3, "标底\tBLOCK\n")));
        registry.startingLexiconsInForce();

        assertThat(check.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Severity.BLOCK);
        assertThat(registry.holding()).isFalse();
        assertThat(registry.current().versions()).containsEntry("base", 3).containsEntry("extra", 4);
    }

    @Test
    void startingLexiconsThatCouldNotBeLoadedFailEveryCheckInsteadOfPassingIt() {
        LexiconRegistry registry = new LexiconRegistry();
        registry.holdUntilStartingLexicons();
        registry.startingLexiconsFailed();

        assertThat(registry.startFailed()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(registry::current).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAHoldTheRegistryAnswersAtOnceAndAHoldAfterTheStartIsIgnored() {
        LexiconRegistry registry = new LexiconRegistry();
        assertThat(registry.current().versions()).isEmpty();
        registry.installAll(List.of(parser.parse("base", 1, "标底\tBLOCK\n")));
        registry.startingLexiconsInForce();
        registry.holdUntilStartingLexicons();
        assertThat(registry.holding()).isFalse();
        assertThat(registry.current().versions()).containsEntry("base", 1);
    }
}
