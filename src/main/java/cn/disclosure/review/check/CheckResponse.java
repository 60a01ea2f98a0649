package cn.disclosure.review.check;

import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.core.Verdict;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code POST /api/v1/check}: verdict, findings with explanations, the 保密提醒 for
 * the channel, the lexicon versions used, the parts read and the time taken.
 */
public record CheckResponse(Verdict verdict, List<Finding> findings, List<String> reminders,
                            Map<String, Integer> lexiconVersions, List<String> parts, long elapsedMs) {
}
