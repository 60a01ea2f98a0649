package cn.disclosure.review.bench;

/** Sizes shared by the benchmarks so every figure is over the same text and the same terms. */
final class BenchSizes {
    /** ≥ 10 MB of UTF-16 text: 5.5 M chars ≈ 16 MB as UTF-8. */
    static final int TEXT_CHARS = Integer.getInteger("bench.chars", 5_500_000);
    /**
     * sensitive-word needs minutes per megabyte with 100,000 terms, so it reads the first tenth of
     * the same text (the generator is deterministic: a shorter text is a prefix of the longer one).
     */
    static final int PEER_CHARS = Integer.getInteger("bench.peer.chars", TEXT_CHARS / 10);
    static final int TERMS = Integer.getInteger("bench.terms", 100_000);

    private BenchSizes() {
    }
}
