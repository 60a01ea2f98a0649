package cn.disclosure.review.inspect;

public enum Category {
    CLASSIFICATION_MARK, SENSITIVE_TERM, PERSONAL_INFO, HIDDEN_CONTENT, UNREADABLE
}
