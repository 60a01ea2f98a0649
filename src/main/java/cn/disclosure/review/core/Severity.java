package cn.disclosure.review.core;

/** How much a single finding weighs; the verdict is the heaviest severity found. */
public enum Severity {
    INFO, WARN, BLOCK
}
