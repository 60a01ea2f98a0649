package cn.disclosure.review.lexicon;

import java.util.List;

/**
 * A combination rule (关键词组合) of a lexicon line, parsed ({@link RuleParser}); terms hold their
 * normalised key, the same chain the inspected text goes through.
 */
public sealed interface RuleExpr {

    /** A term: matches where its normalised characters stand, as a substring. */
    record Term(String written, String key) implements RuleExpr {
    }

    /** {@code (甲|乙|丙)}: any of them. */
    record AnyOf(List<RuleExpr> alternatives) implements RuleExpr {
    }

    /** {@code 甲&乙}: all of them in the same paragraph. */
    record SameParagraph(List<RuleExpr> all) implements RuleExpr {
    }

    /** {@code 甲~乙}: 甲 in a paragraph in which 乙 does not occur. */
    record Without(RuleExpr what, RuleExpr absent) implements RuleExpr {
    }

    /** {@code 甲 NEAR/n 乙}: both, in either order, with at most {@code gap} characters between them. */
    record Near(RuleExpr left, RuleExpr right, int gap) implements RuleExpr {
    }
}
