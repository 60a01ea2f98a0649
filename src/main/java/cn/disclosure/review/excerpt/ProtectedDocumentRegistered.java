package cn.disclosure.review.excerpt;

/**
 * CDI event fired after a protected document has been registered, its fingerprints stored and the
 * candidate index of this instance replaced (outside any transaction): what is already published
 * may excerpt it, so a rescan looks ({@link ProtectedDocuments#rescan(long)}). Ids and the office's
 * title only, never text.
 */
public record ProtectedDocumentRegistered(long id, String title, String actor) {
}
