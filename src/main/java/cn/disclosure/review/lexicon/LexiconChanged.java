package cn.disclosure.review.lexicon;

import java.util.List;

/**
 * CDI event fired after a lexicon version has been stored and put in force (outside any
 * transaction): {@code changed} holds the entries that are new in this version or whose severity
 * changed — what a rescan of published items looks for.
 */
public record LexiconChanged(String name, int version, LexiconKind kind, List<LexiconEntry> changed, String actor) {

    /** The entries of {@code next} that {@code previous} (null: none) did not have with the same key and severity. */
    public static List<LexiconEntry> changedEntries(Lexicon previous, Lexicon next) {
        java.util.Map<String, LexiconEntry> before = new java.util.HashMap<>();
        if (previous != null) {
            for (LexiconEntry e : previous.entries()) {
                before.put(e.key(), e);
            }
        }
        return next.entries().stream()
                .filter(e -> !before.containsKey(e.key()) || before.get(e.key()).severity() != e.severity())
                .toList();
    }
}
