package cn.disclosure.review.rescan;

import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.inspect.Finding;

import java.util.Collection;
import java.util.List;

/**
 * A rescan of everything published and not withdrawn, in two steps: the register index finds the
 * candidates (publications containing any of {@link #phrases()}, exact normalised substrings), then
 * {@link #confirm} decides on the stored text of each candidate — so word-boundary rules and
 * allow lists still apply. Lexicon changes are one kind; a protected document supplies its candidates
 * and its confirmation ({@link ExcerptRescans}).
 */
public interface RescanRequest {
    RescanTrigger trigger();

    Collection<String> phrases();

    /**
     * The publications to confirm when they are known without the register index (a protected
     * document: from the stored public fingerprints); null: the index finds them by {@link #phrases()}.
     */
    default java.util.Set<Long> knownCandidates() {
        return null;
    }

    /**
     * Whether {@link #confirm} may run for several candidates at once on other threads (it reads
     * nothing but its arguments and thread-safe engines: no database, no request context).
     */
    default boolean confirmsInParallel() {
        return false;
    }

    /** The findings that make this publication a hit (empty: not a hit); offsets refer to {@code parts}. */
    List<Finding> confirm(List<ExtractedPart> parts);
}
