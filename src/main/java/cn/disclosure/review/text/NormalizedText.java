package cn.disclosure.review.text;

/**
 * Text after the normalisation chain, with the map back to the original: character {@code i} of
 * {@link #chars()} came from character {@code originalIndex(i)} of {@link #original()}.
 */
public final class NormalizedText {
    private final String original;
    private final char[] chars;
    private final int[] toOriginal;
    private final int length;

    NormalizedText(String original, char[] chars, int[] toOriginal, int length) {
        this.original = original;
        this.chars = chars;
        this.toOriginal = toOriginal;
        this.length = length;
    }

    public String original() {
        return original;
    }

    /** The normalised characters; exactly {@link #length()} long. Do not modify. */
    public char[] chars() {
        return chars;
    }

    public int length() {
        return length;
    }

    public int originalIndex(int i) {
        return toOriginal[i];
    }

    /** Where the span starting at normalised {@code start} starts in the original. */
    public int originalStart(int start) {
        return start < length ? toOriginal[start] : original.length();
    }

    /** Where the span ending (exclusive) at normalised {@code end} ends in the original. */
    public int originalEnd(int end) {
        return end <= 0 ? 0 : toOriginal[end - 1] + 1;
    }

    /** The original text behind the normalised span [start, end), noise and all. */
    public String originalText(int start, int end) {
        return original.substring(originalStart(start), originalEnd(end));
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }
}
