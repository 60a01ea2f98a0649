package cn.disclosure.review.inspect;

/**
 * One detector, in the Presidio shape: a name, the characters it is triggered by, and
 * {@link #analyze} over a text the engine has analysed once for all recognizers (normalised
 * characters, offset map, anchor positions, lazily segmented windows). Recognizers are stateless
 * and thread-safe; everything per text lives in the {@link AnalyzedText} and locals.
 */
public interface Recognizer {

    /** Stable name, used in rule ids and diagnostics. */
    String name();

    /**
     * The signals this recognizer emits, each with its id (the policy key), category and default
     * severity. The engine weighs a match by its signal through the {@link Policy}; a match whose
     * signal is not declared here is a programming error.
     */
    java.util.List<Signal> signals();

    /**
     * Normalised characters at which this recognizer may start a match; the engine records their
     * positions in one pass ({@link AnalyzedText#anchorCount()}). Empty when the recognizer scans
     * the whole text itself (the lexicon automaton).
     */
    default String anchors() {
        return "";
    }

    void analyze(AnalyzedText text, Matches out);
}
