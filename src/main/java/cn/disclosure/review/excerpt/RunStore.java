package cn.disclosure.review.excerpt;

import java.util.Map;

/**
 * Where the run fingerprints (every run of {@link Fingerprinter#RUN} letters of every protected
 * document) are looked up to confirm a candidate: the database in the service, memory in benchmarks.
 */
public interface RunStore {

    /** For each of these run fingerprints that belongs to protected documents: their ids. */
    Map<Long, long[]> documentsWith(long[] runFingerprints);
}
