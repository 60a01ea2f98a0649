package cn.disclosure.review.inspect;

import java.util.ArrayList;
import java.util.List;

/**
 * Where recognizers put their results for one text: matches, and spans an allow list vouches
 * for. Overlaps and suppression are resolved afterwards, in one place ({@link TextInspector}).
 */
public final class Matches {
    private final List<Match> matches = new ArrayList<>();
    private int[] allowed = new int[0];
    private int allowedCount;

    public void add(Match m) {
        matches.add(m);
    }

    /** An allow-list term covers [start, end): term and personal-data matches inside it are dropped. */
    public void allow(int start, int end) {
        if (allowedCount * 2 == allowed.length) {
            allowed = java.util.Arrays.copyOf(allowed, Math.max(8, allowed.length * 2));
        }
        allowed[allowedCount * 2] = start;
        allowed[allowedCount * 2 + 1] = end;
        allowedCount++;
    }

    public List<Match> list() {
        return matches;
    }

    int allowedCount() {
        return allowedCount;
    }

    int allowedStart(int i) {
        return allowed[i * 2];
    }

    int allowedEnd(int i) {
        return allowed[i * 2 + 1];
    }
}
