package cn.disclosure.review.lexicon;

import java.util.Locale;

/**
 * What a lexicon does, decided by its name: a name starting with {@code allow} (allow,
 * allow-near-misses, allow.department…) is an allow list whose terms suppress the sensitive-term
 * and personal-data hits they cover; every other lexicon holds sensitive terms.
 */
public enum LexiconKind {
    TERMS, ALLOW;

    public static LexiconKind ofName(String name) {
        return name.toLowerCase(Locale.ROOT).startsWith("allow") ? ALLOW : TERMS;
    }
}
