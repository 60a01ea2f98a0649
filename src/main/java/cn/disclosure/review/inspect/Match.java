package cn.disclosure.review.inspect;

import cn.disclosure.review.core.Severity;

/**
 * A recognizer's result, in normalised-text coordinates, with its explanation: which rule, a
 * message for the editor and a confidence score. {@code ownSeverity} is the match's own weight
 * when its source says one (a lexicon line's severity), null otherwise; the {@link Policy} decides.
 */
public record Match(int start, int end, Signal signal, Severity ownSeverity, String rule, String message, double score) {

    public Match {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("empty or negative span " + start + ".." + end);
        }
    }

    public static Match of(int start, int end, Signal signal, String rule, String message, double score) {
        return new Match(start, end, signal, null, rule, message, score);
    }
}
