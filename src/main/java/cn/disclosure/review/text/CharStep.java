package cn.disclosure.review.text;

/**
 * One step of the normalisation chain that looks at a single character: it maps it to one other
 * character or removes it, never more than one character out for one in, so every character of
 * the normalised text still points at exactly one character of the original. Steps are composed
 * into one lookup table by {@link Normalizer}; text is then normalised in a single pass.
 */
public interface CharStep {
    /** Returned by {@link #apply(char)} to remove the character. */
    int REMOVE = -1;

    /** @return the replacement character, {@code c} itself, or {@link #REMOVE} */
    int apply(char c);
}
