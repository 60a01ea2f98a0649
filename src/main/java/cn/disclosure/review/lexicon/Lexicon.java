package cn.disclosure.review.lexicon;

import java.util.List;

/** A named, versioned list of terms, as stored and as compiled into the automaton. */
public record Lexicon(String name, int version, LexiconKind kind, List<LexiconEntry> entries) {

    public Lexicon withVersion(int newVersion) {
        return new Lexicon(name, newVersion, kind, entries);
    }
}
