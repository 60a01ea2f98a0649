package cn.disclosure.review.intake;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits for what a draft may carry ({@code review.intake.*}). Beyond any of them the request is
 * refused with 413 {@code payload-too-large}. {@code quarkus.http.limits.max-body-size} must stay
 * above {@code max-total-bytes} plus the body, or the HTTP layer refuses first (a bare 413).
 */
@ConfigMapping(prefix = "review.intake")
public interface IntakeConfig {
    /** Largest single attachment. */
    @WithDefault("20M")
    MemorySize maxFileBytes();

    /** Largest sum of all attachments of one revision. */
    @WithDefault("50M")
    MemorySize maxTotalBytes();

    /** Most attachments per revision. */
    @WithDefault("20")
    int maxFiles();

    /** Largest body (UTF-8 bytes). */
    @WithDefault("5M")
    MemorySize maxBodyBytes();
}
