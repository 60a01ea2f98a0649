package cn.disclosure.review.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a burst of like events from flooding the audit log: per key (e.g. source address and
 * problem code of anonymous refusals) the first event of a window is let through; the rest are
 * counted, and the count travels with the next event let through. Bounded: beyond {@code maxKeys}
 * keys the table is cleared (events are then let through again rather than lost).
 */
public final class BurstSummary {
    private final long windowMillis;
    private final int maxKeys;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        long start;
        long suppressed;
    }

    public BurstSummary(long windowMillis, int maxKeys) {
        this.windowMillis = windowMillis;
        this.maxKeys = maxKeys;
    }

    /**
     * @return -1 when the event is to be left out (counted), otherwise how many events of this key
     *         were left out since the last one let through
     */
    public long admit(String key, long nowMillis) {
        if (windows.size() >= maxKeys && !windows.containsKey(key)) {
            windows.clear();
        }
        Window w = windows.computeIfAbsent(key, k -> {
            Window n = new Window();
            n.start = Long.MIN_VALUE;
            return n;
        });
        synchronized (w) {
            if (w.start != Long.MIN_VALUE && nowMillis - w.start < windowMillis) {
                w.suppressed++;
                return -1;
            }
            long left = w.suppressed;
            w.start = nowMillis;
            w.suppressed = 0;
            return left;
        }
    }
}
