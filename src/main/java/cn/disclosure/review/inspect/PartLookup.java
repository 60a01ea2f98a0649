package cn.disclosure.review.inspect;

import cn.disclosure.review.extract.ExtractedPart.Origin;

import java.util.List;

/**
 * Findings about one part's text that come from outside the recognizers: passages shared with the
 * office's protected documents (package {@code excerpt} implements it). Offsets refer to {@code text}.
 * An implementation that cannot answer returns a finding saying so, never an empty list.
 */
public interface PartLookup {
    PartLookup NONE = (part, text, origin) -> List.of();

    List<Finding> findings(String part, String text, Origin origin);
}
