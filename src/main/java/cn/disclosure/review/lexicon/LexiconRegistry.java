package cn.disclosure.review.lexicon;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The lexicons in force, compiled into one automaton. A change compiles a complete new automaton
 * on the caller's thread (never on a checking thread) and then swaps the reference: a check in
 * flight keeps the automaton it started with, the next one sees the new lexicons.
 * <p>
 * While the starting lexicons load in the background ({@link #holdUntilStartingLexicons()}),
 * {@link #current()} waits for them: nothing is ever checked against a registry that is still empty
 * (fail closed), and readiness is DOWN meanwhile ({@link LexiconReadiness}).
 */
@ApplicationScoped
public class LexiconRegistry {
    private final AtomicReference<CompiledLexicon> current = new AtomicReference<>(CompiledLexicon.empty());
    private volatile Map<String, Lexicon> installed = Map.of();

    private final CountDownLatch starting = new CountDownLatch(1);
    private volatile boolean holding;
    private volatile boolean startFailed;

    public CompiledLexicon current() {
        if (holding) {
            awaitStartingLexicons();
            if (startFailed) {
                throw new IllegalStateException("启动词库未能加载");
            }
        }
        return current.get();
    }

    /** From now on {@link #current()} waits until {@link #startingLexiconsInForce()}. */
    public void holdUntilStartingLexicons() {
        if (starting.getCount() > 0) {
            holding = true;
        }
    }

    /** The starting lexicons are in force: whoever waits in {@link #current()} goes on. */
    public void startingLexiconsInForce() {
        holding = false;
        starting.countDown();
    }

    /**
     * The starting lexicons could not be loaded (the service stops): whoever waits in
     * {@link #current()}, and whoever comes later, gets an exception instead of an empty registry.
     */
    public void startingLexiconsFailed() {
        startFailed = true;
        starting.countDown();
    }

    /** Whether the starting lexicons could not be loaded. */
    public boolean startFailed() {
        return startFailed;
    }

    /** Whether checks wait for the starting lexicons. */
    public boolean holding() {
        return holding;
    }

    private void awaitStartingLexicons() {
        try {
            starting.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("词库尚未生效", e);
        }
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
