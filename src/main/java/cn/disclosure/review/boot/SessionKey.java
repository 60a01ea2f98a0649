package cn.disclosure.review.boot;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The key that encrypts the web UI's session cookie ({@code quarkus.http.auth.session.encryption-key}).
 * Whoever has it can forge a session cookie for any user, so it is never logged (Quarkus' own
 * warning that prints a temporary key is silenced in application.properties).
 * <ul>
 *   <li>{@code REVIEW_SESSION_KEY} (or the Quarkus property itself) given: used, at least 32 characters.</li>
 *   <li>prod profile without it: the service refuses to start.</li>
 *   <li>any other profile started through the main class: a random key generated once and kept in
 *       the data directory ({@code secrets/session-key}, mode 0600), so sessions survive restarts.</li>
 * </ul>
 */
@ApplicationScoped
public class SessionKey {
    static final String PROPERTY = "quarkus.http.auth.session.encryption-key";
    static final String ENV = "REVIEW_SESSION_KEY";
    static final String SECRET_NAME = "session-key";
    static final int MIN_LENGTH = 32;
    static final String MISSING = "生产环境必须设置会话密钥：请将环境变量 REVIEW_SESSION_KEY 设为至少 " + MIN_LENGTH
            + " 个字符的随机值（多个实例使用同一个值），例如 openssl rand -base64 48 的输出";
    static final String TOO_SHORT = "会话密钥 REVIEW_SESSION_KEY 太短：至少需要 " + MIN_LENGTH + " 个字符的随机值";

    private static final Logger LOG = Logger.getLogger(SessionKey.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Before Quarkus starts (main class): decides the key and sets it as a system property. */
    static void prepare() {
        System.setProperty(PROPERTY, decide(System::getenv, System::getProperty, LocalSecrets.production(),
                LocalSecrets.dataDirectory()));
    }

    /**
     * The key: the one given, else (outside prod) the one kept in the data directory.
     *
     * @throws IllegalStateException with a message for the operator when the service must not start
     */
    static String decide(UnaryOperator<String> env, UnaryOperator<String> props, boolean production, Path dataDir) {
        String given = firstNonBlank(props.apply(PROPERTY), env.apply("QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY"), env.apply(ENV));
        if (given != null) {
            if (given.strip().length() < MIN_LENGTH) {
                throw new IllegalStateException(TOO_SHORT);
            }
            return given;
        }
        if (production) {
            throw new IllegalStateException(MISSING);
        }
        return LocalSecrets.secret(dataDir, SECRET_NAME, SessionKey::random);
    }

    /** Also when started some other way than through the main class: prod never runs without a proper key. */
    void check(@Observes StartupEvent ev, @ConfigProperty(name = PROPERTY) Optional<String> key) {
        if (key.isPresent() && key.get().strip().length() < MIN_LENGTH) {
            throw new IllegalStateException(TOO_SHORT);
        }
        if (key.isEmpty()) {
            if (ConfigUtils.isProfileActive("prod")) {
                throw new IllegalStateException(MISSING);
            }
            LOG.warn("未配置会话密钥（REVIEW_SESSION_KEY）：本次运行使用临时密钥，重启后所有网页登录失效");
        }
    }

    private static String random() {
        byte[] b = new byte[48];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
