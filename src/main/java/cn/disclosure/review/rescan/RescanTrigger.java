package cn.disclosure.review.rescan;

/**
 * What changed and started a rescan: a lexicon version (name, version) or a registered protected
 * document (its title, and its id as the version).
 */
public record RescanTrigger(String type, String name, int version) {
    public static final String LEXICON = "LEXICON";
    public static final String PROTECTED_DOCUMENT = "PROTECTED_DOCUMENT";
}
