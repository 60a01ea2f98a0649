package cn.disclosure.review.inspect.recognizers;

import cn.disclosure.review.extract.ExtractedPart.Origin;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.Inspect;
import cn.disclosure.review.core.Severity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClassificationMarkRecognizerTest {
    private final ClassificationMarkRecognizer marks = new ClassificationMarkRecognizer();

    private List<Finding> find(String text) {
        return Inspect.with(marks, text);
    }

    /** Each text contains exactly one mark; {@code matched} must be that mark as written in the original. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "机密★10年\\n关于2023年度重点项目资金审计情况的报告 | 机密★10年",
            "秘密★6个月\\n各科室：现将有关事项通知如下。 | 秘密★6个月",
            "绝密★长期 | 绝密★长期",
            "绝密★启用前\\n2025年全市公务员考试试题 | 绝密★启用前",
            "机密★2025年12月31日前\\n会议纪要 | 机密★2025年12月31日前",
            "絕密★長期\\n關於有關事項的請示 | 絕密★長期",
            "秘密 ★ 2年\\n会议纪要 | 秘密 ★ 2年",
            "秘 密 ★ 1 年 | 秘 密 ★ 1 年",
            "机密★５年 | 机密★５年",
            "机密＊5年 | 机密＊5年",
            "机密*5年 | 机密*5年",
            "秘密☆1年 | 秘密☆1年",
            "秘密✩1年 | 秘密✩1年",
            "秘密✰1年 | 秘密✰1年",
            "秘密⭐1年 | 秘密⭐1年",
            "秘密⭐️1年 | 秘密⭐️1年",
            "秘密※1年 | 秘密※1年",
            "机密\uF0AB5年 | 机密\uF0AB5年",
            "机密★十年 | 机密★十年",
            "秘密★六个月 | 秘密★六个月",
            "机密级★5年 | 机密级★5年",
            "机密女5年 | 机密女5年",
            "秘密大6个月 | 秘密大6个月",
            "绝密食长期 | 绝密食长期",
            "机密贪10年 | 机密贪10年",
            "机密妇5年 | 机密妇5年",
            "正文\\n★5年\\n关于 | ★5年",
            "   ★ 10年   | ★ 10年",
            "■■★5年\\n关于 | ■■★5年",
            "密级：机密\\n关于 | 密级：机密",
            "密 级: 秘密 | 密 级: 秘密",
            "密级：秘密★1年 | 密级：秘密★1年",
            "【密级】绝密 | 密级】绝密",
            "保密期限：5年 | 保密期限：5年",
            "保密期限: 长期 | 保密期限: 长期",
            "解密时间：2026年1月1日 | 解密时间：2026年1月1日",
            "按照《关于加强项目管理的通知》（秘密★1年）的要求，我局开展了检查。 | 秘密★1年",
            "见《城市更新实施方案》（机密）第三条 | 机密",
            "附件为机密★ | 机密★",
            "秘密\\n关于调整人员的通知 | 秘密",
            "【通知】秘密★3年 的文件请勿转发至微信群。 | 秘密★3年",
    })
    void findsTheMarkAndPointsAtTheOriginal(String text, String expected) {
        text = text.replace("\\n", "\n");
        List<Finding> found = find(text);
        assertThat(found).as(text).hasSize(1);
        Finding f = found.get(0);
        assertThat(f.matched()).isEqualTo(expected.strip());
        assertThat(text.substring(f.start(), f.end())).isEqualTo(f.matched());
        assertThat(f.category()).isEqualTo(Category.CLASSIFICATION_MARK);
        assertThat(f.severity()).isEqualTo(Severity.BLOCK);
        assertThat(f.rule()).startsWith("mark.");
        assertThat(f.message()).isNotBlank();
        assertThat(f.snippet()).contains(f.matched().replace("\n", " "));
    }

    @Test
    void offsetsOfAMarkAfterRemovedCharactersAndInTheMiddleOfText() {
        String text = "前言。\u200B秘\u200B密 ★ 2\u200B年，正文";
        Finding f = find(text).get(0);
        assertThat(f.start()).isEqualTo(4);
        assertThat(f.matched()).isEqualTo("\u200B秘\u200B密 ★ 2\u200B年".substring(1));
    }

    @Test
    void citedDocumentsAreExplainedAsCitations() {
        assertThat(find("按照《关于加强项目管理的通知》（秘密★1年）的要求").get(0).rule()).isEqualTo("mark.cited-period");
        assertThat(find("见《城市更新实施方案》（机密）第三条").get(0).rule()).isEqualTo("mark.cited-level");
    }

    @Test
    void ocrTextMayHaveLostTheStar() {
        assertThat(Inspect.matched(Inspect.with(marks, "机 密 5 年\n关于", Origin.OCR))).containsExactly("机 密 5 年");
        assertThat(Inspect.with(marks, "这个秘密6个月后才被揭开", Origin.VISIBLE)).isEmpty();
    }

    @Test
    void internalValueOfAClassificationFieldIsAnInternalMarking() {
        List<Finding> found = find("密级：内部\n关于印发工作要点的通知");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).matched()).isEqualTo("密级：内部");
        assertThat(found.get(0).severity()).isEqualTo(Severity.WARN);
        assertThat(found.get(0).rule()).isEqualTo("mark.field.internal");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "为做好保密自查自评工作，各科室要认真对照检查，确保不发生失泄密问题。",
            "涉密计算机要粘贴密级标识，非涉密计算机要粘贴禁止处理涉密信息的提示语。",
            "本次展览以“城市的秘密”为主题，展期一个月。★★★★★ 观众好评如潮。",
            "城市的秘密\n展期一个月",
            "信息安全的三个基本属性是机密性、完整性和可用性。",
            "该容器采用有机密封材料，有机密封圈需定期更换。",
            "加强保密工作，规范涉密人员管理，标密文件要按规定存放。",
            "五星★酒店，服务★★★★☆",
            "密级：公开",
            "密级：非密",
            "密级：无",
            "密级: /",
            "国家秘密的保密期限，除另有规定外，绝密级不超过三十年，机密级不超过二十年，秘密级不超过十年。",
            "合同约定保密期限为5年。",
            "城市的秘密*（注：展览名称）",
            "揭开宇宙的秘密",
            "这个秘密6个月后才被揭开",
            "* 5年以上工作经验",
            "★长期坚持学习\n正文",
            "★5年规划成就展",
            "机密文件5年后解密",
            "定密级别和保密期限要准确",
            "保密期限",
            "★",
            "",
    })
    void nearMissesAreNotMarks(String text) {
        assertThat(find(text)).as(text).isEmpty();
    }
}
