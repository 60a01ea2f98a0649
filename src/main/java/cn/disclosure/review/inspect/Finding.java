package cn.disclosure.review.inspect;

import cn.disclosure.review.core.Severity;

/**
 * One thing that must not go online, with its explanation. {@code matched} is the text as it
 * stands in the original part; {@code start}/{@code end} are offsets into that part's text.
 */
public record Finding(Category category, Severity severity, String matched, int start, int end,
                      String part, String rule, String message, String snippet, double score) {
}
