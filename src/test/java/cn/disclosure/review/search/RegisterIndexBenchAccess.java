package cn.disclosure.review.search;

import java.io.IOException;

/** Lets the benchmark (another package) run parsed searches the way the service does. */
public final class RegisterIndexBenchAccess {
    private RegisterIndexBenchAccess() {
    }

    /** Runs {@code q} (first page, highlights) with an optional department filter; returns the total. */
    public static long search(RegisterIndexStore store, String q, String department) throws IOException {
        return search(store, q, null, null, null, department, 1);
    }

    /**
     * Runs {@code q} (null: no text, the register listing) the way {@code GET /api/v1/register/search} does for the
     * 保密办 (all departments): parse, filters, a page of 20 with highlights. Returns the total.
     */
    public static long search(RegisterIndexStore store, String q, Long fromMillis, Long toMillis, String channel,
                              String department, int page) throws IOException {
        return store.search(SearchQuery.parse(q), new RegisterIndexStore.Filters(fromMillis, toMillis, channel, department, null, false),
                page, RegisterIndex.PAGE_SIZE).total();
    }
}
