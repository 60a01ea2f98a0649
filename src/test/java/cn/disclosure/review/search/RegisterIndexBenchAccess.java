package cn.disclosure.review.search;

import java.io.IOException;

/** Lets the benchmark (another package) run parsed searches the way the service does. */
public final class RegisterIndexBenchAccess {
    private RegisterIndexBenchAccess() {
    }

    /** Runs {@code q} (first page, highlights) with an optional department filter; returns the total. */
    public static long search(RegisterIndexStore store, String q, String department) throws IOException {
        return store.search(SearchQuery.parse(q), new RegisterIndexStore.Filters(null, null, null, department, null, false),
                1, 20).total();
    }
}
