package cn.disclosure.review.ui;

import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.extract.ExtractedPart.Origin;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.core.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Placing stored findings into the re-extracted text of a revision's parts. */
class HighlighterTest {

    private static Finding finding(Severity severity, String part, int start, int end, String matched) {
        return new Finding(Category.CLASSIFICATION_MARK, severity, matched, start, end, part, "mark.standard",
                "含有国家秘密标志，不得公开", matched, 1.0);
    }

    private static String marked(Highlighter.Part part) {
        StringBuilder sb = new StringBuilder();
        for (Highlighter.Segment s : part.segments()) {
            sb.append(s.isMark() ? "[" + s.text() + "]" : s.text());
        }
        return sb.toString();
    }

    @Test
    void marksEachFindingAtItsOffsetsInItsPart() {
        String body = "第一段。本文件 机密★5年 内部使用。";
        List<ExtractedPart> parts = List.of(new ExtractedPart("title", "通知", Origin.VISIBLE),
                new ExtractedPart("body", body, Origin.VISIBLE),
                new ExtractedPart("附件.docx/comment", "批注：秘密★", Origin.HIDDEN));
        int at = body.indexOf("机密★5年");
        Highlighter.Result r = Highlighter.highlight(parts, List.of(
                finding(Severity.WARN, "附件.docx/comment", 3, 6, "秘密★"),
                finding(Severity.BLOCK, "body", at, at + 5, "机密★5年")));

        assertThat(marked(r.parts().get(1))).isEqualTo("第一段。本文件 [机密★5年] 内部使用。");
        assertThat(marked(r.parts().get(2))).isEqualTo("批注：[秘密★]");
        assertThat(r.parts().get(2).hidden()).isTrue();
        assertThat(r.parts().get(2).label()).isEqualTo("附件 附件.docx · 批注");
        // BLOCK first, numbered in that order, each pointing at its mark
        assertThat(r.findings()).extracting(Highlighter.Item::severity).containsExactly("BLOCK", "WARN");
        assertThat(r.findings()).extracting(Highlighter.Item::anchor).containsExactly("finding-1", "finding-2");
        assertThat(r.parts().get(1).segments().get(1).markId()).isEqualTo("finding-1");
        assertThat(r.parts().get(1).segments().get(1).severity()).isEqualTo("BLOCK");
        assertThat(r.parts().get(1).severity()).isEqualTo("BLOCK");
        assertThat(r.findings().get(0).categoryLabel()).isEqualTo("密级标志");
        assertThat(r.findings().get(0).partLabel()).isEqualTo("正文");
    }

    @Test
    void offsetsThatDoNotFitFallBackToTheNearestOccurrenceOfTheMatchedText() {
        // offsets into a raw HTML body, while the page shows the extracted text
        String text = "秘密★ 开头，正文 秘密★ 结尾";
        Highlighter.Result r = Highlighter.highlight(List.of(new ExtractedPart("body", text, Origin.VISIBLE)),
                List.of(finding(Severity.BLOCK, "body", 14, 17, "秘密★")));
        assertThat(marked(r.parts().get(0))).isEqualTo("秘密★ 开头，正文 [秘密★] 结尾");
        assertThat(r.findings().get(0).isLocated()).isTrue();
    }

    @Test
    void findingsThatCannotBeLocatedAreStillListed() {
        Highlighter.Result r = Highlighter.highlight(List.of(new ExtractedPart("body", "正文", Origin.VISIBLE)), List.of(
                new Finding(Category.UNREADABLE, Severity.WARN, "", 0, 0, "扫描件.pdf", "unreadable.encrypted",
                        "文件已加密，无法读取", "", 1.0),
                finding(Severity.BLOCK, "body", 0, 3, "绝密★")));
        assertThat(r.findings()).hasSize(2);
        assertThat(r.findings()).noneMatch(Highlighter.Item::isLocated);
        assertThat(r.hasUnlocated()).isTrue();
        assertThat(r.count("WARN")).isEqualTo(1);
        assertThat(r.findings().get(1).partLabel()).isEqualTo("附件 扫描件.pdf");
        assertThat(marked(r.parts().get(0))).isEqualTo("正文");
    }

    @Test
    void overlappingFindingsShareOneMarkWithTheHeaviestSeverity() {
        String text = "甲乙丙丁戊己";
        Highlighter.Result r = Highlighter.highlight(List.of(new ExtractedPart("body", text, Origin.VISIBLE)), List.of(
                finding(Severity.WARN, "body", 1, 4, "乙丙丁"),
                finding(Severity.BLOCK, "body", 2, 5, "丙丁戊")));
        Highlighter.Part p = r.parts().get(0);
        assertThat(marked(p)).isEqualTo("甲[乙丙丁戊]己");
        assertThat(p.segments().get(1).severity()).isEqualTo("BLOCK");
        assertThat(r.findings()).extracting(Highlighter.Item::anchor).allMatch(a -> a.equals(p.segments().get(1).markId()));
    }

    @Test
    void markupInTheTextStaysPlainTextForTheTemplateToEscape() {
        String text = "<script>alert(1)</script> 机密★";
        Highlighter.Result r = Highlighter.highlight(List.of(new ExtractedPart("body", text, Origin.VISIBLE)),
                List.of(finding(Severity.BLOCK, "body", 26, 29, "机密★")));
        assertThat(r.parts().get(0).segments().get(0).text()).isEqualTo("<script>alert(1)</script> ");
        assertThat(r.parts().get(0).segments().get(1).text()).isEqualTo("机密★");
    }

    @Test
    void twoAttachmentsOfTheSameNameAreBothShownAndEachFindingFindsItsOwn() {
        List<ExtractedPart> parts = List.of(new ExtractedPart("说明.txt", "第一份", Origin.VISIBLE),
                new ExtractedPart("说明.txt", "第二份 绝密★", Origin.VISIBLE));
        Highlighter.Result r = Highlighter.highlight(parts, List.of(finding(Severity.BLOCK, "说明.txt", 4, 7, "绝密★")));
        assertThat(r.parts()).hasSize(2);
        assertThat(marked(r.parts().get(0))).isEqualTo("第一份");
        assertThat(marked(r.parts().get(1))).isEqualTo("第二份 [绝密★]");
    }

    @Test
    void partNamesReadAsChinese() {
        assertThat(Labels.part("title")).isEqualTo("标题");
        assertThat(Labels.part("body/html-comment")).isEqualTo("正文 · 网页注释");
        assertThat(Labels.part("通知.docx/tracked-deletion")).isEqualTo("附件 通知.docx · 修订中删除的文字");
        assertThat(Labels.part("通知.docx/metadata:title")).isEqualTo("附件 通知.docx · 文档属性（title）");
        assertThat(Labels.part("扫描件.png/ocr")).isEqualTo("附件 扫描件.png · 图片识别文字");
        assertThat(Labels.part("a.zip/内层.docx/footer")).isEqualTo("附件 a.zip/内层.docx · 页脚");
        assertThat(Labels.part("bodyguard.txt")).isEqualTo("附件 bodyguard.txt");
    }
}
