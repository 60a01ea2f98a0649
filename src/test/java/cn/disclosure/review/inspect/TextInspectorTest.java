package cn.disclosure.review.inspect;

import cn.disclosure.review.core.Severity;
import cn.disclosure.review.extract.ExtractedPart.Origin;
import cn.disclosure.review.lexicon.CompiledLexicon;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextInspectorTest {
    private static final CompiledLexicon LEXICON = Inspect.lexicon(
            "terms", "招标底价\tBLOCK\n标底\tBLOCK\n秘密\tWARN\n底价\tINFO\n",
            "allow", "城市的秘密\n13905718888\t\t市长热线\n秘密★\n");
    private final TextInspector inspector = new TextInspector(LEXICON);

    private List<Finding> inspect(String text) {
        return inspector.inspect("body", text, Origin.VISIBLE);
    }

    @Test
    void aMatchInsideAnotherAtLeastAsHeavyIsDropped() {
        List<Finding> found = inspect("本项目招标底价为1200万元");
        assertThat(Inspect.matched(found)).containsExactly("招标底价");
        found = inspect("秘密★1年\n关于");
        assertThat(found).extracting(Finding::category).containsExactly(Category.CLASSIFICATION_MARK);
    }

    @Test
    void allowListsNeverSuppressMarksButDoSuppressTermsAndPersonalData() {
        assertThat(inspect("秘密★1年")).extracting(Finding::category).containsExactly(Category.CLASSIFICATION_MARK);
        assertThat(inspect("热线 13905718888")).isEmpty();
        assertThat(inspect("热线 13905718889")).extracting(Finding::category).containsExactly(Category.PERSONAL_INFO);
        assertThat(inspect("以“城市的秘密”为题")).isEmpty();
    }

    @Test
    void policyDecidesSeverities() {
        Policy strict = Policy.of(java.util.Map.of("internal-marking", Severity.BLOCK, "mobile", Severity.BLOCK,
                "lexicon-term", Severity.WARN, "unreadable", Severity.INFO));
        TextInspector inspector = new TextInspector(LEXICON, strict, TextInspector.DEFAULT_BOUNDARY_CHECK_MAX_LENGTH);
        List<Finding> found = inspector.inspect("body", "内部资料 注意保存\n联系人 13905718889\n一个秘密", Origin.VISIBLE);
        assertThat(found).extracting(Finding::severity).containsExactly(Severity.BLOCK, Severity.BLOCK, Severity.WARN);
        assertThat(strict.severityOf(DefaultInspectionEngine.UNREADABLE)).isEqualTo(Severity.WARN);
    }

    @Test
    void findingsAreInTextOrderWithSnippets() {
        String text = "第一段。".repeat(10) + "机密★5年" + "第二段。".repeat(10) + "身份证 330106198805170426";
        List<Finding> found = inspect(text);
        assertThat(found).extracting(Finding::category).containsExactly(Category.CLASSIFICATION_MARK, Category.PERSONAL_INFO);
        assertThat(found.get(0).snippet()).startsWith("…").contains("机密★5年").endsWith("…");
        assertThat(found.get(1).snippet()).endsWith("330106198805170426");
        assertThat(inspector.lexiconVersions()).containsEntry("terms", 1).containsEntry("allow", 1);
    }
}
