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
    private Map<String, Lexicon> installed = Map.of();

    public CompiledLexicon current() {
        return current.get();
    }

    /** Puts one lexicon in force (replacing the one of the same name). */
    public synchronized void install(Lexicon lexicon) {
        Map<String, Lexicon> next = new TreeMap<>(installed);
        next.put(lexicon.name(), lexicon);
        swap(next);
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
