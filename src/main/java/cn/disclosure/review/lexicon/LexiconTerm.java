package cn.disclosure.review.lexicon;

import cn.disclosure.review.core.Severity;

/**
 * What the automaton knows about one matching key, merged over all lexicons: the sensitive side
 * (heaviest severity wins; {@code severity} is null when only allow lists have the key) and
 * whether an allow list has it.
 */
public record LexiconTerm(String key, String term, Severity severity, String lexicon, String note, boolean allow) {

    public boolean sensitive() {
        return severity != null;
    }

    LexiconTerm merge(LexiconTerm other) {
        boolean anyAllow = allow || other.allow;
        LexiconTerm heavier = !other.sensitive() ? this
                : !sensitive() ? other
                : other.severity.ordinal() > severity.ordinal() ? other : this;
        return new LexiconTerm(key, heavier.term, heavier.severity, heavier.lexicon, heavier.note, anyAllow);
    }
}
