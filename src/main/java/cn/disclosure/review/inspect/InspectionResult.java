package cn.disclosure.review.inspect;

import cn.disclosure.review.core.Verdict;
import java.util.List;
import java.util.Map;

/** The engine's answer: a verdict, the findings that led to it and the lexicon versions used. */
public record InspectionResult(Verdict verdict, List<Finding> findings, Map<String, Integer> lexiconVersions,
                               List<String> parts, long elapsedMs) {
}
