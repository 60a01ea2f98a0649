package cn.disclosure.review.text;

/** A-Z to a-z, so Latin lexicon terms match whatever case the draft uses. */
public final class AsciiLowerCase implements CharStep {

    @Override
    public int apply(char c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
