package cn.disclosure.review.inspect.recognizers;

import cn.disclosure.review.extract.ExtractedPart.Origin;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.Inspect;
import cn.disclosure.review.core.Severity;
import cn.disclosure.review.inspect.TextInspector;
import cn.disclosure.review.lexicon.CompiledLexicon;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LexiconTermRecognizerTest {
    static final CompiledLexicon LEXICON = Inspect.lexicon(
            "eval-terms", """
                    # term\tseverity\tnote
                    招标底价\tBLOCK\t招投标保密
                    审计工作底稿\tBLOCK\t审计资料
                    内部参阅\tWARN\t内部刊物
                    未公开数据\tBLOCK
                    标底\tBLOCK\t招投标
                    考试试题\tINFO
                    vpn\tWARN
                    """,
            "allow-test", """
                    城市的秘密
                    """,
            "extra", "秘密\tWARN\n");

    private final LexiconTermRecognizer terms = new LexiconTermRecognizer(LEXICON, TextInspector.DEFAULT_BOUNDARY_CHECK_MAX_LENGTH);

    private List<Finding> find(String text) {
        return Inspect.with(terms, text);
    }

    private void assertOne(String text, String matched, Severity severity) {
        List<Finding> found = find(text);
        assertThat(found).as(text).hasSize(1);
        Finding f = found.get(0);
        assertThat(f.matched()).isEqualTo(matched);
        assertThat(text.substring(f.start(), f.end())).isEqualTo(matched);
        assertThat(f.category()).isEqualTo(Category.SENSITIVE_TERM);
        assertThat(f.severity()).isEqualTo(severity);
    }

    @Test
    void termsAreFoundHoweverTheyAreWritten() {
        assertOne("本项目招标底价为1200万元，请各投标单位参考。", "招标底价", Severity.BLOCK);
        assertOne("現將審計工作底稿摘要公布如下。", "審計工作底稿", Severity.BLOCK);
        assertOne("审 计 工 作 底 稿已经整理完毕。", "审 计 工 作 底 稿", Severity.BLOCK);
        assertOne("本刊为内部参阅资料。", "内部参阅", Severity.WARN);
        assertOne("公布标-底为1200万元", "标-底", Severity.BLOCK);
        assertOne("公布标 底为1200万元", "标 底", Severity.BLOCK);
        assertOne("尚未公开数据显示", "未公开数据", Severity.BLOCK);
        assertOne("请使用 VPN 访问", "VPN", Severity.WARN);
        assertOne("考试试题已印制", "考试试题", Severity.INFO);
    }

    @Test
    void theRuleAndMessageNameTheLexiconAndNote() {
        Finding f = find("本项目招标底价为1200万元").get(0);
        assertThat(f.rule()).isEqualTo("term.eval-terms");
        assertThat(f.message()).contains("招标底价").contains("招投标保密");
    }

    @Test
    void aHitAcrossWordBoundariesIsNotATerm() {
        assertThat(find("确保目标底线不突破")).isEmpty();
        assertThat(find("主要指标底数清楚")).isEmpty();
        assertThat(find("使用vpnx工具")).isEmpty();
    }

    @Test
    void theAllowListSuppressesWhatItCovers() {
        assertThat(find("本次展览以“城市的秘密”为主题")).isEmpty();
        assertOne("这是一个秘密。", "秘密", Severity.WARN);
    }

    @Test
    void ocrTextIsMatchedAfterItsSpacingIsCollapsed() {
        List<Finding> found = Inspect.with(terms, "招 标 底 价 为 1 2 0 0 万 元", Origin.OCR);
        assertThat(Inspect.matched(found)).containsExactly("招 标 底 价");
    }
}
