package cn.disclosure.review.inspect;

import cn.disclosure.review.core.Severity;
import cn.disclosure.review.inspect.recognizers.ClassificationMarkRecognizer;
import cn.disclosure.review.inspect.recognizers.LexiconTermRecognizer;
import cn.disclosure.review.inspect.recognizers.MobileRecognizer;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.MissingResourceException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The verdict policy as a map from signal id to severity, with declared defaults and fail-closed floors. */
class PolicyTest {

    @Test
    void signalsNotNamedWeighTheirDeclaredDefault() {
        Policy p = Policy.defaults();
        assertThat(p.severityOf(ClassificationMarkRecognizer.MARK)).isEqualTo(Severity.BLOCK);
        assertThat(p.severityOf(MobileRecognizer.SIGNAL)).isEqualTo(Severity.WARN);
        assertThat(p.severityOf(DefaultInspectionEngine.ACTIVE_CONTENT)).isEqualTo(Severity.BLOCK);
        assertThat(p.severityOf(LexiconTermRecognizer.SIGNAL, Severity.BLOCK)).isEqualTo(Severity.BLOCK);
        assertThat(p.severityOf(LexiconTermRecognizer.SIGNAL, Severity.INFO)).isEqualTo(Severity.INFO);
    }

    @Test
    void namedSignalsWeighWhatTheMapSaysButNeverBelowTheirFloor() {
        Policy p = Policy.of(Map.of("mobile", Severity.BLOCK, "unreadable", Severity.INFO,
                "classification-mark", Severity.INFO, "\"hidden-content\"", Severity.INFO));
        assertThat(p.severityOf(MobileRecognizer.SIGNAL)).isEqualTo(Severity.BLOCK);
        assertThat(p.severityOf(DefaultInspectionEngine.HIDDEN_CONTENT)).isEqualTo(Severity.INFO);
        // fail closed: what could not be read and classification marks are never weighed below WARN
        assertThat(p.severityOf(DefaultInspectionEngine.UNREADABLE)).isEqualTo(Severity.WARN);
        assertThat(p.severityOf(ClassificationMarkRecognizer.MARK)).isEqualTo(Severity.WARN);
    }

    @Test
    void forLexiconTermsThePolicyIsAFloorUnderTheLexiconsOwnSeverity() {
        Policy p = Policy.of(Map.of("term-floor", Severity.WARN));
        assertThat(p.severityOf(LexiconTermRecognizer.SIGNAL, Severity.INFO)).isEqualTo(Severity.WARN);
        assertThat(p.severityOf(LexiconTermRecognizer.SIGNAL, Severity.BLOCK)).isEqualTo(Severity.BLOCK);
        assertThat(p.configured()).containsOnlyKeys("lexicon-term");
    }

    @Test
    void aPolicyNamingAnUnknownSignalIsRefused() {
        Policy typo = Policy.of(Map.of("classifcation-mark", Severity.INFO));
        assertThat(typo.unknownIds(DefaultInspectionEngine.knownSignals().values())).containsExactly("classifcation-mark");
        assertThatThrownBy(() -> DefaultInspectionEngine.checkedPolicy(typo))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("classifcation-mark");
        assertThat(DefaultInspectionEngine.checkedPolicy(Policy.of(Map.of("mobile", Severity.BLOCK)))).isNotNull();
    }

    @Test
    void everySignalIsDeclaredOnceWithAMessage() {
        Map<String, Signal> known = DefaultInspectionEngine.knownSignals();
        assertThat(known).containsKeys("classification-mark", "internal-marking", "id-card", "bank-card", "mobile",
                "lexicon-term", "unreadable", "hidden-content", "active-content");
        for (Signal s : known.values()) {
            assertThat(Messages.keys()).as("message for " + s.id()).anyMatch(k -> k.equals(s.id()) || k.startsWith(s.id() + "."));
        }
    }

    @Test
    void theConfigurationIsAMapFromSignalIdToSeverityOldAndQuotedKeysAlike() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(InspectConfig.class)
                .withSources(new PropertiesConfigSource(Map.of(
                        "review.inspect.policy.mobile", "BLOCK",
                        "review.inspect.policy.term-floor", "WARN",
                        "review.inspect.policy.\"classification-mark\"", "WARN"), "test", 500))
                .build();
        Map<String, Severity> map = config.getConfigMapping(InspectConfig.class).policy();
        Policy p = DefaultInspectionEngine.checkedPolicy(Policy.of(map));
        assertThat(p.severityOf(MobileRecognizer.SIGNAL)).isEqualTo(Severity.BLOCK);
        assertThat(p.severityOf(LexiconTermRecognizer.SIGNAL, Severity.INFO)).isEqualTo(Severity.WARN);
        assertThat(p.severityOf(ClassificationMarkRecognizer.MARK)).isEqualTo(Severity.WARN);
    }

    @Test
    void messagesComeFromTheBundleAndAMissingKeyIsAnError() {
        assertThat(Messages.text("lexicon-term", "标底", "", "t")).isEqualTo("含有敏感词“标底”，词库 t，公开前须核实是否涉密或属于不宜公开的内容");
        assertThatThrownBy(() -> Messages.text("no-such-key")).isInstanceOf(MissingResourceException.class);
    }
}
