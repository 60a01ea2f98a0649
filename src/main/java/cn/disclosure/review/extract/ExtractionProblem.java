package cn.disclosure.review.extract;

/**
 * Something that could not be read fully (encrypted, corrupt, too deep, timed out, image without
 * OCR…). The inspection turns each into an UNREADABLE finding: what was not read never passes.
 */
public record ExtractionProblem(String part, String code, String message) {
}
