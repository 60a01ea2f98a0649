package cn.disclosure.review.extract;

import java.util.List;

/** Everything read from one submission: the parts with text, and what could not be read. */
public record Extraction(List<ExtractedPart> parts, List<ExtractionProblem> problems) {
}
