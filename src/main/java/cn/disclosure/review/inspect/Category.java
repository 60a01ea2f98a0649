package cn.disclosure.review.inspect;

public enum Category {
    CLASSIFICATION_MARK, SENSITIVE_TERM, PERSONAL_INFO, HIDDEN_CONTENT, UNREADABLE,
    /** Markup that is not publishable: scripts, embedded documents, forms, hiding styles… (see content.PublicationSafelist). */
    ACTIVE_CONTENT,
    /** A passage shared with a protected document (摘录; package excerpt). */
    EXCERPT
}
