package cn.disclosure.review.boot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the main class settles the session cookie key before Quarkus starts. */
class SessionKeyTest {
    private static final UnaryOperator<String> NONE = name -> null;
    private static final String GOOD = "0123456789abcdefghijklmnopqrstuvwxyzABCD";

    private static UnaryOperator<String> of(Map<String, String> m) {
        return m::get;
    }

    @Test
    void productionRefusesToStartWithoutAKeyAndWritesNothing(@TempDir Path data) {
        assertThatThrownBy(() -> SessionKey.decide(NONE, NONE, true, data))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("REVIEW_SESSION_KEY").hasMessageContaining("至少 32 个字符");
        assertThat(data.resolve("secrets")).doesNotExist();
    }

    @Test
    void aShortKeyIsRefusedInEveryProfile(@TempDir Path data) {
        UnaryOperator<String> env = of(Map.of("REVIEW_SESSION_KEY", "only-twenty-chars-xx"));
        assertThatThrownBy(() -> SessionKey.decide(env, NONE, true, data)).hasMessageContaining("太短");
        assertThatThrownBy(() -> SessionKey.decide(env, NONE, false, data)).hasMessageContaining("太短");
    }

    @Test
    void aGivenKeyIsUsedAsItIsWhereverItComesFrom(@TempDir Path data) {
        assertThat(SessionKey.decide(of(Map.of("REVIEW_SESSION_KEY", GOOD)), NONE, true, data)).isEqualTo(GOOD);
        assertThat(SessionKey.decide(of(Map.of("QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY", GOOD)), NONE, true, data)).isEqualTo(GOOD);
        assertThat(SessionKey.decide(NONE, of(Map.of(SessionKey.PROPERTY, GOOD)), true, data)).isEqualTo(GOOD);
        assertThat(data.resolve("secrets")).doesNotExist();
    }

    @Test
    void demoRunsGenerateOneRandomKeyKeptPrivateInTheDataDirectory(@TempDir Path data) throws Exception {
        String first = SessionKey.decide(NONE, NONE, false, data);
        String again = SessionKey.decide(NONE, NONE, false, data);
        assertThat(first).hasSizeGreaterThanOrEqualTo(SessionKey.MIN_LENGTH).isEqualTo(again);
        Path file = data.resolve("secrets/session-key");
        assertThat(Files.readString(file).strip()).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        // another data directory, another key: nothing is built in
        assertThat(SessionKey.decide(NONE, NONE, false, data.resolve("other"))).isNotEqualTo(first);
    }
}
