package cn.disclosure.review.lexicon;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The lexicons in force, compiled into one automaton. A change compiles a complete new automaton
 * on the caller's thread (never on a checking thread) and then swaps the reference: a check in
 * flight keeps the automaton it started with, the next one sees the new lexicons.
 */
@ApplicationScoped
public class LexiconRegistry {
    private final AtomicReference<CompiledLexicon> current = new AtomicReference<>(CompiledLexicon.empty());
    private volatile Map<String, Lexicon> installed = Map.of();

    public CompiledLexicon current() {
        return current.get();
    }

    /** The automaton the lexicons in force would compile to with {@code lexicon} in place of its namesake. */
    public record Candidate(Map<String, Lexicon> basis, Lexicon lexicon, CompiledLexicon compiled) {
    }

    /**
     * Compiles {@code lexicon} (its version not yet known) with the others in force, without putting
     * anything in force: the expensive part of a replacement, which can run while the version is stored.
     */
    public Candidate prepare(Lexicon lexicon) {
        Map<String, Lexicon> basis = installed;
        Map<String, Lexicon> next = new TreeMap<>(basis);
        next.put(lexicon.name(), lexicon);
        return new Candidate(basis, lexicon, CompiledLexicon.compile(next.values()));
    }

    /** Puts a prepared lexicon in force as {@code version}; compiles afresh if the lexicons in force changed meanwhile. */
    public synchronized void install(Candidate candidate, int version) {
        Lexicon lexicon = candidate.lexicon().withVersion(version);
        Map<String, Lexicon> next = new TreeMap<>(installed);
        next.put(lexicon.name(), lexicon);
        if (installed != candidate.basis()) {
            swap(next);
            return;
        }
        installed = Map.copyOf(next);
        current.set(candidate.compiled().withVersion(lexicon.name(), version));
    }

    /** Puts these lexicons in force in addition to / in place of those of the same names. */
    public synchronized void installAll(Collection<Lexicon> lexicons) {
        Map<String, Lexicon> next = new TreeMap<>(installed);
        for (Lexicon l : lexicons) {
            next.put(l.name(), l);
        }
        swap(next);
    }

    private void swap(Map<String, Lexicon> next) {
        CompiledLexicon compiled = CompiledLexicon.compile(next.values());
        installed = Map.copyOf(next);
        current.set(compiled);
    }
}
