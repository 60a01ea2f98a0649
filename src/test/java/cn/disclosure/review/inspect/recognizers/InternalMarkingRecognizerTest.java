package cn.disclosure.review.inspect.recognizers;

import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.Inspect;
import cn.disclosure.review.core.Severity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InternalMarkingRecognizerTest {
    private final InternalMarkingRecognizer internal = new InternalMarkingRecognizer();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "内部\\n关于印发2024年工作要点的通知 | 内部",
            "  内部资料  \\n正文 | 内部资料",
            "内部★\\n通知 | 内部★",
            "内部★1年 | 内部★1年",
            "工作秘密★1年\\n关于 | 工作秘密★1年",
            "工作秘密\\n关于 | 工作秘密",
            "内部资料 注意保存 | 内部资料 注意保存",
            "内部资料，注意保存 | 内部资料，注意保存",
            "内部文件 请勿外传 | 内部文件 请勿外传",
            "內部資料 注意保存 | 內部資料 注意保存",
            "请参阅《城市管理情况通报》（内部）。 | 内部",
    })
    void findsMarkingsWhereMarkingsStand(String text, String expected) {
        text = text.replace("\\n", "\n");
        List<Finding> found = Inspect.with(internal, text);
        assertThat(found).as(text).hasSize(1);
        Finding f = found.get(0);
        assertThat(f.matched()).isEqualTo(expected.strip());
        assertThat(text.substring(f.start(), f.end())).isEqualTo(f.matched());
        assertThat(f.category()).isEqualTo(Category.CLASSIFICATION_MARK);
        assertThat(f.severity()).isEqualTo(Severity.WARN);
        assertThat(f.rule()).startsWith("mark.internal.");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "进一步完善单位内部管理制度。",
            "涉及国家秘密、工作秘密的信息不得公开。",
            "加强内部控制，开展内部审计。",
            "国内部分地区出现降温。",
            "内部资料汇编工作已经启动，请各科室报送材料。",
            "工作秘密的确定要依法依规。",
    })
    void wordsInProseAreNotMarkings(String text) {
        assertThat(Inspect.with(internal, text)).as(text).isEmpty();
    }
}
