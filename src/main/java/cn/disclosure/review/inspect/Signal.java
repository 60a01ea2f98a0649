package cn.disclosure.review.inspect;

import cn.disclosure.review.core.Severity;

import java.util.regex.Pattern;

/**
 * What a recognizer saw, before the verdict policy weighs it. Each recognizer declares the signals
 * it emits ({@link Recognizer#signals()}): a stable id (the policy key,
 * {@code review.inspect.policy."<id>"}), the category the API reports, the severity it weighs
 * when the policy does not say otherwise, and a floor no configuration can go below (fail closed:
 * what could not be read is never weighed below WARN).
 */
public record Signal(String id, Category category, Severity defaultSeverity, Severity floor) {
    /** Signal ids: lower-case words joined by '-' and '.', e.g. {@code classification-mark.cited}. */
    public static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*");

    public Signal {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("bad signal id " + id);
        }
        if (category == null || defaultSeverity == null || floor == null) {
            throw new IllegalArgumentException("incomplete signal " + id);
        }
    }

    /** A signal any configuration may weigh as it likes (floor INFO). */
    public static Signal of(String id, Category category, Severity defaultSeverity) {
        return new Signal(id, category, defaultSeverity, Severity.INFO);
    }
}
