package cn.disclosure.review.inspect;

import cn.disclosure.review.core.Severity;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The verdict policy: a map from signal id to severity ({@code review.inspect.policy."<signal-id>"},
 * see {@link InspectConfig}). A signal the map does not name weighs its declared default. The
 * verdict of an inspection is the heaviest severity among its findings (INFO → PASS).
 * <ul>
 * <li>A match that carries its own severity (a lexicon term or rule says BLOCK/WARN/INFO) weighs
 * that, but at least what the policy names for its signal: for {@code lexicon-term} the policy
 * value is a floor.</li>
 * <li>Fail closed: no configuration weighs a signal below its declared floor (UNREADABLE never
 * below WARN, a classification mark never below WARN).</li>
 * </ul>
 * Immutable.
 */
public final class Policy {
    /** Keys of the earlier per-field configuration that name a signal differently. */
    private static final Map<String, String> ALIASES = Map.of("term-floor", "lexicon-term");
    private static final Policy DEFAULTS = new Policy(Map.of());

    private final Map<String, Severity> configured;

    private Policy(Map<String, Severity> configured) {
        this.configured = Map.copyOf(configured);
    }

    /** Every signal weighs its declared default. */
    public static Policy defaults() {
        return DEFAULTS;
    }

    /** Signal id (or an old alias such as {@code term-floor}) → severity; ids may be quoted. */
    public static Policy of(Map<String, Severity> configured) {
        Map<String, Severity> m = new HashMap<>();
        for (Map.Entry<String, Severity> e : configured.entrySet()) {
            if (e.getValue() == null) {
                throw new IllegalArgumentException("no severity for signal " + e.getKey());
            }
            m.put(canonical(e.getKey()), e.getValue());
        }
        return new Policy(m);
    }

    /** This policy with {@code id} weighed {@code severity}. */
    public Policy with(String id, Severity severity) {
        Map<String, Severity> m = new HashMap<>(configured);
        m.put(canonical(id), severity);
        return new Policy(m);
    }

    private static String canonical(String key) {
        String k = key.strip();
        if (k.length() >= 2 && k.startsWith("\"") && k.endsWith("\"")) {
            k = k.substring(1, k.length() - 1);
        }
        return ALIASES.getOrDefault(k, k);
    }

    /** The weight of {@code signal}; {@code own} is the match's own severity (lexicon terms), or null. */
    public Severity severityOf(Signal signal, Severity own) {
        Severity named = configured.get(signal.id());
        Severity base = named != null ? named : signal.defaultSeverity();
        Severity s = own == null ? base : max(own, named != null ? named : Severity.INFO);
        return max(s, signal.floor());
    }

    public Severity severityOf(Signal signal) {
        return severityOf(signal, null);
    }

    /** The configured ids no known signal has (a typo would otherwise silently weigh nothing). */
    public Set<String> unknownIds(Collection<Signal> known) {
        Set<String> ids = new TreeSet<>(configured.keySet());
        for (Signal s : known) {
            ids.remove(s.id());
        }
        return ids;
    }

    public Map<String, Severity> configured() {
        return configured;
    }

    static Severity max(Severity a, Severity b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
