package cn.disclosure.review.lexicon;

import cn.disclosure.review.core.Severity;

/**
 * One line of a lexicon: the term as written, its normalised matching key (繁→简, full-width
 * folded, noise removed: what the engine matches against), severity, note, and the line it came from.
 */
public record LexiconEntry(String term, String key, Severity severity, String note, int line) {
}
