package cn.disclosure.review.lexicon;

import java.util.List;

/**
 * A named, versioned list of terms, as stored and as compiled into the automaton, and the
 * combination rules (关键词组合) of its lines that hold an expression instead of a term.
 */
public record Lexicon(String name, int version, LexiconKind kind, List<LexiconEntry> entries, List<CombinationRule> rules) {

    public Lexicon(String name, int version, LexiconKind kind, List<LexiconEntry> entries) {
        this(name, version, kind, entries, List.of());
    }

    public Lexicon withVersion(int newVersion) {
        return new Lexicon(name, newVersion, kind, entries, rules);
    }
}
