package cn.disclosure.review.rescan;

/** What changed and started a rescan: a lexicon (later a combination rule, a protected document), its name and version. */
public record RescanTrigger(String type, String name, int version) {
    public static final String LEXICON = "LEXICON";
}
