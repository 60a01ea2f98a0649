package cn.disclosure.review.lexicon;

import cn.disclosure.review.core.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Combination rules (关键词组合) in lexicon lines: syntax, precedence and errors with the line number. */
class RuleParserTest {

    private static RuleExpr.Term t(String s) {
        return new RuleExpr.Term(s, s);
    }

    @Test
    void theFourFormsAndTheirPrecedence() {
        assertThat(RuleParser.parse("评标委员会&名单", 1)).isEqualTo(new RuleExpr.SameParagraph(List.of(t("评标委员会"), t("名单"))));
        assertThat(RuleParser.parse("名单~保密", 1)).isEqualTo(new RuleExpr.Without(t("名单"), t("保密")));
        assertThat(RuleParser.parse("标底 NEAR/5 万元", 1)).isEqualTo(new RuleExpr.Near(t("标底"), t("万元"), 5));
        assertThat(RuleParser.parse("(甲方|乙方|丙方)", 1)).isEqualTo(new RuleExpr.AnyOf(List.of(t("甲方"), t("乙方"), t("丙方"))));
        // ~ binds loosest, then &, then NEAR; brackets group
        assertThat(RuleParser.parse("名单&专家 NEAR/3 姓名~(保密|确定前)", 7)).isEqualTo(
                new RuleExpr.Without(
                        new RuleExpr.SameParagraph(List.of(t("名单"), new RuleExpr.Near(t("专家"), t("姓名"), 3))),
                        new RuleExpr.AnyOf(List.of(t("保密"), t("确定前")))));
        assertThat(RuleParser.parse("(甲|乙) near/2 丙", 1)).isEqualTo(
                new RuleExpr.Near(new RuleExpr.AnyOf(List.of(t("甲"), t("乙"))), t("丙"), 2));
    }

    @Test
    void termsAreNormalisedAndOperatorsMayBeFullWidth() {
        RuleExpr e = RuleParser.parse("（評標委員會｜ＶＰＮ）＆ 名 單", 1);
        assertThat(e).isInstanceOf(RuleExpr.SameParagraph.class);
        RuleExpr.SameParagraph s = (RuleExpr.SameParagraph) e;
        RuleExpr.AnyOf any = (RuleExpr.AnyOf) s.all().get(0);
        assertThat(any.alternatives()).extracting(x -> ((RuleExpr.Term) x).key()).containsExactly("评标委员会", "vpn");
        assertThat(((RuleExpr.Term) s.all().get(1)).written()).isEqualTo("名 單");
        assertThat(((RuleExpr.Term) s.all().get(1)).key()).isEqualTo("名单");
    }

    @ParameterizedTest
    @ValueSource(strings = {"甲&乙", "甲~乙", "甲 NEAR/3 乙", "(甲|乙)", "甲|乙", "甲＆乙", "甲～乙"})
    void linesWithOperatorsAreRules(String column) {
        assertThat(RuleParser.isRule(column)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"评标委员会成员名单", "秘密（内部）", "vpn账号", "NEAR/3", "内网ip"})
    void plainTermsAreNotRules(String column) {
        assertThat(RuleParser.isRule(column)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "甲&    # 缺少词语",
            "&乙    # 缺少词语",
            "(甲|乙 # 缺少右括号",
            "甲|乙) # 没有对应的左括号",
            "甲~~乙 # 缺少词语",
            "() # 缺少词语",
            "(甲|) # 缺少词语",
            "甲 NEAR/999 乙 # 距离过大",
            "甲 NEAR/3 # 缺少词语",
            "甲 NEAR/3 (乙 # 缺少右括号",
    })
    void errorsNameTheLineAndWhatIsWrong(String rule, String says) {
        assertThatThrownBy(() -> RuleParser.parse(rule.strip(), 12))
                .isInstanceOfSatisfying(LexiconFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(12);
                    assertThat(e.getMessage()).startsWith("第 12 行").contains(says);
                });
    }

    @Test
    void theParserKeepsRulesBesideTermsWithTheirSeverityAndNote() {
        Lexicon l = new LexiconParser(100).parse("rules", 1, "# 组合\n标底\tBLOCK\n评标委员会成员名单~(保密|确定前)\tBLOCK\t名单公开\n甲&乙\n");
        assertThat(l.entries()).extracting(LexiconEntry::key).containsExactly("标底");
        assertThat(l.rules()).extracting(CombinationRule::expression, CombinationRule::severity, CombinationRule::note, CombinationRule::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("评标委员会成员名单~(保密|确定前)", Severity.BLOCK, "名单公开", 3),
                        org.assertj.core.groups.Tuple.tuple("甲&乙", Severity.WARN, "", 4));
        assertThat(CompiledLexicon.compile(List.of(l)).rules()).extracting(CompiledLexicon.Rule::lexicon).containsOnly("rules");
    }

    @Test
    void badRuleLinesAndRulesInAllowListsAreRefusedWithTheLineNumber() {
        LexiconParser p = new LexiconParser(100);
        assertThatThrownBy(() -> p.parse("rules", 1, "标底\tBLOCK\n\n(甲|乙\tBLOCK\n"))
                .isInstanceOfSatisfying(LexiconFormatException.class, e -> assertThat(e.line()).isEqualTo(3));
        assertThatThrownBy(() -> p.parse("rules", 1, "甲&乙\tFATAL\n"))
                .isInstanceOfSatisfying(LexiconFormatException.class, e -> assertThat(e.getMessage()).contains("级别"));
        assertThatThrownBy(() -> p.parse("allow-x", 1, "正常词\n甲&乙\n"))
                .isInstanceOfSatisfying(LexiconFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("白名单");
                });
        assertThatThrownBy(() -> p.parse("rules", 1, "甲&" + "乙".repeat(400) + "\n"))
                .isInstanceOfSatisfying(LexiconFormatException.class, e -> assertThat(e.getMessage()).contains("超过"));
    }
}
