package cn.disclosure.review.rescan;

import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.inspect.Finding;

import java.util.Collection;
import java.util.List;

/**
 * A rescan of everything published and not withdrawn, in two steps: the register index finds the
 * candidates (publications containing any of {@link #phrases()}, exact normalised substrings), then
 * {@link #confirm} decides on the stored text of each candidate — so word-boundary rules and
 * allow lists still apply. Lexicon changes are one kind; combination rules or protected documents
 * supply their own phrases and confirmation.
 */
public interface RescanRequest {
    RescanTrigger trigger();

    Collection<String> phrases();

    /** The findings that make this publication a hit (empty: not a hit); offsets refer to {@code parts}. */
    List<Finding> confirm(List<ExtractedPart> parts);
}
