package cn.disclosure.review.inspect;

/**
 * What a recognizer saw, before the verdict policy weighs it: the policy maps each signal to a
 * severity (see {@link Policy}); the category is what the API reports.
 */
public enum Signal {
    /** 国家秘密标志 in any shape: 机密★5年, 密级：秘密, ★5年 with the level covered… */
    CLASSIFICATION_MARK(Category.CLASSIFICATION_MARK),
    /** 内部 / 工作秘密 / 内部资料 注意保存 style markings: not state secrets, not for publication. */
    INTERNAL_MARKING(Category.CLASSIFICATION_MARK),
    ID_CARD(Category.PERSONAL_INFO),
    BANK_CARD(Category.PERSONAL_INFO),
    MOBILE(Category.PERSONAL_INFO),
    /** A term of a lexicon; weighs what the lexicon says. */
    LEXICON_TERM(Category.SENSITIVE_TERM);

    public final Category category;

    Signal(Category category) {
        this.category = category;
    }
}
