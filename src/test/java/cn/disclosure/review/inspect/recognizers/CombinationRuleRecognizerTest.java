package cn.disclosure.review.inspect.recognizers;

import cn.disclosure.review.core.Severity;
import cn.disclosure.review.extract.ExtractedPart.Origin;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.Inspect;
import cn.disclosure.review.inspect.Policy;
import cn.disclosure.review.inspect.TextInspector;
import cn.disclosure.review.lexicon.CompiledLexicon;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Combination rules matched with Lucene intervals over a per-text MemoryIndex. */
class CombinationRuleRecognizerTest {

    private static List<Finding> find(String rules, String text) {
        CompiledLexicon lexicon = Inspect.lexicon("rules", rules);
        return Inspect.with(new CombinationRuleRecognizer(lexicon), text);
    }

    private static List<String> matched(String rules, String text) {
        return Inspect.matched(find(rules, text));
    }

    @Test
    void sameParagraphNeedsAllTermsInOneParagraphInAnyOrder() {
        String rule = "专家&名单\tBLOCK\n";
        assertThat(matched(rule, "评标专家的名单如下")).containsExactly("专家的名单");
        assertThat(matched(rule, "名单所列专家")).containsExactly("名单所列专家");
        assertThat(matched(rule, "评标专家已确定。\n名单另行公布。")).isEmpty();
        assertThat(matched(rule, "评标专家已确定。\r\n名单另行公布。")).isEmpty();
        // a line break inside running Chinese text is a wrap the normalisation joins (PDF, Word), not a paragraph
        assertThat(matched(rule, "评标专\n家名单")).containsExactly("专\n家名单");
        assertThat(matched("甲方&乙方&丙方\tWARN\n", "丙方与甲方、乙方签订协议")).containsExactly("丙方与甲方、乙方");
    }

    @Test
    void withoutMeansTheFirstInAParagraphWhereTheSecondIsAbsent() {
        String rule = "成员名单~(保密|确定前)\tBLOCK\n";
        assertThat(matched(rule, "评标委员会成员名单在中标结果确定前保密。")).isEmpty();
        assertThat(matched(rule, "评标委员会成员名单：张三、李四、王五。")).containsExactly("成员名单");
        // the absent term in another paragraph does not excuse it
        assertThat(matched(rule, "以下内容请保密。\n评标委员会成员名单：张三、李四。\n确定前不得泄露。")).containsExactly("成员名单");
        // each paragraph is judged on its own: the first is excused, the second is not
        List<Finding> two = find(rule, "成员名单在中标结果确定前保密。\n成员名单：张三");
        assertThat(two).hasSize(1);
        assertThat(two.get(0).start()).isEqualTo("成员名单在中标结果确定前保密。\n".length());
    }

    @Test
    void nearCountsTheCharactersBetweenInEitherOrder() {
        String rule = "标底 NEAR/5 万元\tBLOCK\n";
        assertThat(matched(rule, "标底为1200万元")).containsExactly("标底为1200万元");
        assertThat(matched(rule, "标底为12000万元")).isEmpty();
        assertThat(matched(rule, "1200万元的标底")).containsExactly("万元的标底");
        assertThat(matched("标底 NEAR/0 价\tBLOCK\n", "标底价")).containsExactly("标底价");
    }

    @Test
    void alternativesWorkInsideEveryForm() {
        String rule = "(考试|考核) NEAR/6 (试题|答案)~(已结束|已公布)\tWARN\n";
        assertThat(matched(rule, "本次考核的参考答案")).containsExactly("考核的参考答案");
        assertThat(matched(rule, "考试已结束，现公布考试试题。")).isEmpty();
        assertThat(matched("(内部|内参)\tWARN\n", "这是内参")).containsExactly("内参");
    }

    @Test
    void termsMatchAsSubstringsOfTheNormalisedTextAndFindingsPointAtTheOriginal() {
        String text = "附件：評標委員會成員　名單\n張三";
        List<Finding> found = find("委员会&名单\tBLOCK\t名单公开\n", text);
        assertThat(found).hasSize(1);
        Finding f = found.get(0);
        assertThat(f.matched()).isEqualTo("委員會成員　名單");
        assertThat(text.substring(f.start(), f.end())).isEqualTo(f.matched());
        assertThat(f.category()).isEqualTo(Category.SENSITIVE_TERM);
        assertThat(f.severity()).isEqualTo(Severity.BLOCK);
        assertThat(f.rule()).isEqualTo("rule.rules:委员会&名单");
        assertThat(f.message()).contains("委员会&名单").contains("名单公开").contains("rules");
    }

    @Test
    void charactersOutsideTheBasicPlaneKeepOffsetsExact() {
        String text = "𠀀𠀁甲方𠀂乙方";
        List<Finding> found = find("甲方 NEAR/2 乙方\tWARN\n", text);
        assertThat(found).extracting(Finding::matched).containsExactly("甲方𠀂乙方");
        assertThat(text.substring(found.get(0).start(), found.get(0).end())).isEqualTo("甲方𠀂乙方");
    }

    @Test
    void severityIsTheRulesOwnAndThePolicyIsAFloor() {
        CompiledLexicon lexicon = Inspect.lexicon("rules", "甲方&乙方\tINFO\n");
        assertThat(Inspect.with(new CombinationRuleRecognizer(lexicon), "甲方乙方")).extracting(Finding::severity)
                .containsExactly(Severity.INFO);
        TextInspector floor = new TextInspector(List.of(new CombinationRuleRecognizer(lexicon)),
                Policy.of(Map.of("lexicon-rule", Severity.WARN)), Map.of());
        assertThat(floor.inspect("body", "甲方乙方", Origin.VISIBLE)).extracting(Finding::severity).containsExactly(Severity.WARN);
    }

    @Test
    void aBlockRuleHidesTheLighterTermInsideItAndAllowListsStillVouch() {
        CompiledLexicon lexicon = Inspect.lexicon("terms", "成员名单\tINFO\n成员名单~保密\tBLOCK\n",
                "allow-x", "成员名单公示\n");
        TextInspector inspector = new TextInspector(lexicon);
        assertThat(inspector.inspect("body", "评标委员会成员名单：张三", Origin.VISIBLE))
                .extracting(Finding::rule, Finding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("rule.terms:成员名单~保密", Severity.BLOCK));
        assertThat(inspector.inspect("body", "成员名单公示如下", Origin.VISIBLE)).isEmpty();
    }

    @Test
    void noRulesOrNoRuleTermInTheTextMeansNothingToDo() {
        assertThat(matched("标底\tBLOCK\n", "标底")).isEmpty();
        assertThat(matched("甲方&乙方\tBLOCK\n", "与此无关的一段文字")).isEmpty();
        assertThat(matched("甲方&乙方\tBLOCK\n", "")).isEmpty();
    }

    @Test
    void manyMatchesAreCappedPerRule() {
        String text = "甲方乙方。".repeat(500);
        assertThat(find("甲方&乙方\tWARN\n", text)).hasSize(CombinationRuleRecognizer.MAX_MATCHES_PER_RULE);
    }
}
