package cn.disclosure.review.web;

import java.util.Optional;

/**
 * The faults of the service's surroundings that the API answers with 503 rather than 500: a full
 * disk ({@link StorageFull}) before an unreachable database ({@link DatabaseOutage}) — a database
 * whose disk is full still answers, and the operator must be told the right thing.
 */
public final class ServiceFaults {
    private ServiceFaults() {
    }

    /** The fault {@code t} is a symptom of, if any. */
    public static Optional<FaultIncident> classify(Throwable t) {
        if (StorageFull.isStorageFull(t)) {
            return Optional.of(StorageFull.INCIDENT);
        }
        if (DatabaseOutage.isOutage(t)) {
            return Optional.of(DatabaseOutage.INCIDENT);
        }
        return Optional.empty();
    }

    /** Records {@code t} when it is such a fault (one log line per incident); returns its kind. */
    public static Optional<FaultIncident> report(Throwable t) {
        Optional<FaultIncident> f = classify(t);
        f.ifPresent(i -> i.report(t));
        return f;
    }
}
