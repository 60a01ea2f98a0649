package cn.disclosure.review.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Secrets a demo or development run keeps for itself in the data directory ({@code secrets/},
 * mode 0700, each file 0600): generated once on first start, read on every later start, never
 * logged. The prod profile never generates a secret: there every key comes from the environment,
 * and the service refuses to start without it.
 */
public final class LocalSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private LocalSecrets() {
    }

    /** The data directory: {@code REVIEW_DATA_DIR}, system property {@code review.data-dir}, else {@code ./data}. */
    public static Path dataDirectory() {
        return Path.of(setting("REVIEW_DATA_DIR", "review.data-dir", "data")).toAbsolutePath();
    }

    /** The profile the service starts in: {@code quarkus.profile}, {@code QUARKUS_PROFILE}, else prod (Quarkus' default for a packaged run). */
    public static String profile() {
        return setting("QUARKUS_PROFILE", "quarkus.profile", "prod").toLowerCase(Locale.ROOT);
    }

    public static boolean production() {
        return profile().equals("prod") || profile().startsWith("prod,");
    }

    /** A random secret of {@code bytes} random bytes (base64url, no padding), kept in {@code secrets/<name>}. */
    public static String randomSecret(String name, int bytes) {
        return secret(name, () -> {
            byte[] b = new byte[bytes];
            RANDOM.nextBytes(b);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        });
    }

    /** The content of {@code secrets/<name>} in the data directory, created from {@code generator} when missing. */
    public static String secret(String name, Supplier<String> generator) {
        return secret(dataDirectory(), name, generator);
    }

    static synchronized String secret(Path dataDir, String name, Supplier<String> generator) {
        if (!name.matches("[a-z0-9][a-z0-9.-]*")) {
            throw new IllegalArgumentException("secret name");
        }
        Path dir = dataDir.resolve("secrets");
        Path file = dir.resolve(name);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            createPrivateDirectory(dir);
            String value = generator.get();
            Path tmp = dir.resolve("." + name + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, value, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(tmp);
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("无法读写数据目录中的密钥文件 secrets/" + name, e);
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException ignored) {
                // created meanwhile
            }
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    static String setting(String env, String prop, String fallback) {
        String v = System.getProperty(prop);
        if (v != null && !v.isBlank()) {
            return v;
        }
        v = System.getenv(env);
        return v != null && !v.isBlank() ? v : fallback;
    }
}
