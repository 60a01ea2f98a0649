package cn.disclosure.review.inspect.recognizers;

import cn.disclosure.review.core.Severity;
import cn.disclosure.review.extract.ExtractedPart.Origin;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.Policy;
import cn.disclosure.review.inspect.TextInspector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cited markings (issue 10 §5): a marking quoted or introduced as an example in explanatory text is
 * WARN ({@code classification-mark.cited}) and asks the reviewer to confirm; at a document's head,
 * standing alone or in a header part it stays BLOCK.
 */
class CitedMarkingTest {
    private final ClassificationMarkRecognizer marks = new ClassificationMarkRecognizer();

    private List<Finding> find(String part, String text) {
        return new TextInspector(List.of(marks), Policy.defaults(), Map.of()).inspect(part, text, Origin.VISIBLE);
    }

    /** Each sentence cites exactly the markings listed (comma-separated), as examples: WARN, never BLOCK. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "国家秘密标志如“机密★10年”表示该文件为机密级，保密期限为10年。 | 机密★10年",
            "国家秘密的标志为“★”，标志前标密级，标志后标保密期限，例如“秘密★5年”。 | 秘密★5年",
            "国家秘密标志形式为“密级★保密期限”，如“绝密★长期”。 | 绝密★长期",
            "例如：机密★10年，表示该事项属于机密级国家秘密，保密期限为十年。 | 机密★10年",
            "比如秘密★1年，是指该文件保密期限为一年。 | 秘密★1年",
            "涉密文件应当在首页左上角标注为机密★5年等形式的国家秘密标志。 | 机密★5年",
            "所谓国家秘密标志，即“绝密★长期”“机密★10年”“秘密★5年”这样的标识。 | 绝密★长期,机密★10年,秘密★5年",
            "国家秘密标志如绝密★长期、机密★10年、秘密★5年，由定密责任人确定。 | 绝密★长期,机密★10年,秘密★5年",
            "其中，“秘密★6个月”是指该文件属于秘密级，保密期限为六个月。 | 秘密★6个月",
            "有的单位把内部文件标注为“秘密★1年”，这是错误的做法。 | 秘密★1年",
            "保密知识问答：文件上标有「机密★5年」是什么意思？ | 机密★5年",
            "宣传栏展示了标志样式：『绝密★启用前』用于考试试题。 | 绝密★启用前",
            "国家秘密的保密期限已满的，自行解密，例如标明机密★2020年12月31日前的文件。 | 机密★2020年12月31日前",
            "保密法规定，国家秘密标志写作\"秘密★3年\"，不得随意简化。 | 秘密★3年",
            "培训课件中讲解了国家秘密标志，称为“密级★保密期限”格式，例如“机密★20年”。 | 机密★20年",
            "老师提问：“秘密★10年”中的★表示什么？ | 秘密★10年",
            "各单位自查发现，部分文件错误标注“机密*5年”，应予纠正。 | 机密*5年",
            "在保密宣传月活动中，我们学习了国家秘密标志，比如「秘密★1年」和「机密★10年」。 | 秘密★1年,机密★10年",
            "國家秘密標誌如“機密★10年”表示該文件為機密級。 | 機密★10年",
            "标志的写法，例如　“机密★5年”。 | 机密★5年",
    })
    void aMarkingCitedAsAnExampleIsWarnWithItsOwnRule(String text, String cited) {
        List<Finding> found = find("body", text);
        assertThat(found).as(text).extracting(Finding::matched).containsExactly(cited.strip().split(","));
        for (Finding f : found) {
            assertThat(f.severity()).as(text).isEqualTo(Severity.WARN);
            assertThat(f.category()).isEqualTo(Category.CLASSIFICATION_MARK);
            assertThat(f.rule()).isEqualTo("classification-mark.cited");
            assertThat(f.message()).contains(f.matched()).contains("确认");
            assertThat(text.substring(f.start(), f.end())).isEqualTo(f.matched());
        }
    }

    /** The document's own marking: BLOCK, however the text around it reads. */
    @ParameterizedTest
    @ValueSource(strings = {
            "机密★10年\n关于2023年度重点项目资金审计情况的报告\n例如“机密★10年”的文件不得公开。",
            "“机密★10年”\n关于2023年度重点项目资金审计情况的报告",
            "“机密★10年”关于2023年度重点项目资金审计情况的报告，如“秘密★1年”所示。",
            "「秘密★5年」\n各科室：现将有关事项通知如下。",
            "  “绝密★长期”  \n会议纪要",
            "正文第一段。\n“秘密★1年”\n正文第二段。",
            "关于调整人员的通知\n秘密★1年\n各科室：",
            "秘密★1年 关于调整人员的通知，如有疑问请联系办公室。",
            "本文件密级为机密★5年，请妥善保管。",
            "此件定为秘密★3年，不得转发。",
            "附件：2024年工作要点（秘密★1年）",
            "【通知】秘密★3年 的文件请勿转发至微信群。",
            "各单位：根据工作安排，秘密★6个月，现印发如下。",
            "如有秘密★1年的文件请交回。",
            "例：机密★5年\n关于2024年度重点工作的报告",
            "如：“秘密★1年”\n各科室：",
            "正文。\n例如 绝密★长期\n会议纪要",
            "正文\n秘密★1年\n关于调整人员的通知",
    })
    void aMarkingThatIsTheDocumentsOwnStaysBlock(String text) {
        List<Finding> found = find("body", text);
        assertThat(found).as(text).isNotEmpty();
        assertThat(found).as(text).anyMatch(f -> f.severity() == Severity.BLOCK);
    }

    @Test
    void inAHeaderOrFooterPartEvenACitedLookingMarkingStaysBlock() {
        List<Finding> found = find("方案.docx/header", "标志的写法例如“机密★10年”");
        assertThat(found).extracting(Finding::severity).containsExactly(Severity.BLOCK);
        assertThat(find("方案.docx", "标志的写法例如“机密★10年”")).extracting(Finding::severity).containsExactly(Severity.WARN);
        assertThat(find("方案.docx/footer", "标志的写法例如“机密★10年”")).extracting(Finding::severity).containsExactly(Severity.BLOCK);
    }

    @Test
    void aCitedFormFieldOrADocumentCitedWithItsMarkingIsJudgedAsBefore() {
        // a document cited with its marking is not an example: its own rule, BLOCK
        assertThat(find("body", "按照《关于加强项目管理的通知》（秘密★1年）的要求。"))
                .extracting(Finding::rule, Finding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("mark.cited-period", Severity.BLOCK));
    }

    @Test
    void thePolicyCanWeighCitedMarkingsButNeverBelowWarn() {
        TextInspector strict = new TextInspector(List.of(marks),
                Policy.of(Map.of("classification-mark.cited", Severity.BLOCK)), Map.of());
        assertThat(strict.inspect("body", "国家秘密标志如“机密★10年”表示…", Origin.VISIBLE))
                .extracting(Finding::severity).containsExactly(Severity.BLOCK);
        TextInspector lax = new TextInspector(List.of(marks),
                Policy.of(Map.of("classification-mark.cited", Severity.INFO)), Map.of());
        assertThat(lax.inspect("body", "国家秘密标志如“机密★10年”表示…", Origin.VISIBLE))
                .extracting(Finding::severity).containsExactly(Severity.WARN);
    }
}
