package cn.disclosure.review.lexicon;

import cn.disclosure.review.core.Severity;
import com.hankcs.hanlp.collection.AhoCorasick.AhoCorasickDoubleArrayTrie;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * All lexicons compiled into one HanLP Aho-Corasick double-array automaton over normalised keys,
 * plus the versions it was built from. Immutable: a new set of lexicons means a new instance,
 * swapped in atomically by {@link LexiconRegistry}; inspections that already hold the old one
 * finish with it. Usable without Quarkus (benchmarks, tests).
 */
public final class CompiledLexicon {
    private static final CompiledLexicon EMPTY = new CompiledLexicon(null, Map.of(), 0, List.of());

    /** A combination rule with the lexicon it belongs to. */
    public record Rule(String lexicon, CombinationRule rule) {
    }


    private final AhoCorasickDoubleArrayTrie<LexiconTerm> automaton;
    private final Map<String, Integer> versions;
    private final int size;
    private final List<Rule> rules;

    private CompiledLexicon(AhoCorasickDoubleArrayTrie<LexiconTerm> automaton, Map<String, Integer> versions, int size,
                            List<Rule> rules) {
        this.automaton = automaton;
        this.versions = versions;
        this.size = size;
        this.rules = rules;
    }

    public static CompiledLexicon empty() {
        return EMPTY;
    }

    public static CompiledLexicon compile(Collection<Lexicon> lexicons) {
        int expected = 0;
        for (Lexicon lexicon : lexicons) {
            expected += lexicon.entries().size();
        }
        Map<String, LexiconTerm> byKey = new HashMap<>(expected * 4 / 3 + 1);
        Map<String, Integer> versions = new TreeMap<>();
        List<Rule> rules = new ArrayList<>();
        for (Lexicon lexicon : lexicons) {
            versions.put(lexicon.name(), lexicon.version());
            if (lexicon.kind() != LexiconKind.ALLOW) {
                for (CombinationRule r : lexicon.rules()) {
                    rules.add(new Rule(lexicon.name(), r));
                }
            }
            boolean allow = lexicon.kind() == LexiconKind.ALLOW;
            for (LexiconEntry e : lexicon.entries()) {
                LexiconTerm t = new LexiconTerm(e.key(), e.term(), allow ? null : e.severity(), lexicon.name(), e.note(), allow);
                byKey.merge(e.key(), t, LexiconTerm::merge);
            }
        }
        if (byKey.isEmpty()) {
            return new CompiledLexicon(null, Collections.unmodifiableMap(versions), 0, List.copyOf(rules));
        }
        String[] keys = byKey.keySet().toArray(new String[0]);
        KeySort.sort(keys);
        LexiconTerm[] values = new LexiconTerm[keys.length];
        for (int i = 0; i < keys.length; i++) {
            values[i] = byKey.get(keys[i]);
        }
        return new CompiledLexicon(AutomatonBuilder.build(keys, values), Collections.unmodifiableMap(versions), keys.length,
                List.copyOf(rules));
    }

    /** The same automaton, recorded as compiled from version {@code version} of lexicon {@code name}. */
    public CompiledLexicon withVersion(String name, int version) {
        Map<String, Integer> v = new TreeMap<>(versions);
        v.put(name, version);
        return new CompiledLexicon(automaton, Collections.unmodifiableMap(v), size, rules);
    }

    /**
     * Reports every key occurring in {@code text} (normalised characters; the whole array is
     * scanned) as {@code hit(begin, end, term)}, end exclusive, in order of end position.
     */
    public void scan(char[] text, AhoCorasickDoubleArrayTrie.IHit<LexiconTerm> hit) {
        if (automaton != null && text.length > 0) {
            automaton.parseText(text, hit);
        }
    }

    /** The severity a key would be reported with, or null (for tests and diagnostics). */
    public Severity severityOf(String key) {
        if (automaton == null) {
            return null;
        }
        LexiconTerm t = automaton.get(key);
        return t == null ? null : t.severity();
    }

    /** Lexicon name → version this automaton was compiled from. */
    public Map<String, Integer> versions() {
        return versions;
    }

    /** The combination rules of every lexicon (allow lists have none), in lexicon order. */
    public List<Rule> rules() {
        return rules;
    }

    /** Distinct matching keys. */
    public int size() {
        return size;
    }
}
