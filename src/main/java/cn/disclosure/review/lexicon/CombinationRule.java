package cn.disclosure.review.lexicon;

import cn.disclosure.review.core.Severity;

/**
 * A lexicon line whose term column holds an expression instead of a plain term (关键词组合):
 * {@code 甲&乙}, {@code 甲~乙}, {@code 甲 NEAR/n 乙}, {@code (甲|乙|丙)}. {@code expression} is the
 * column as written (it names the rule in findings), {@code expr} its parsed form.
 */
public record CombinationRule(String expression, RuleExpr expr, Severity severity, String note, int line) {
}
