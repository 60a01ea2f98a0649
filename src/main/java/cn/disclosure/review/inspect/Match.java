package cn.disclosure.review.inspect;

import cn.disclosure.review.core.Severity;

/**
 * A recognizer's result, in normalised-text coordinates, with its explanation: which rule, a
 * message for the editor and a confidence score. {@code termSeverity} is the lexicon's own
 * severity for {@link Signal#LEXICON_TERM}, null otherwise.
 */
public record Match(int start, int end, Signal signal, Severity termSeverity, String rule, String message, double score) {

    public Match {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("empty or negative span " + start + ".." + end);
        }
    }

    public static Match of(int start, int end, Signal signal, String rule, String message, double score) {
        return new Match(start, end, signal, null, rule, message, score);
    }
}
