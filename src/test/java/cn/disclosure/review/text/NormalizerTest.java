package cn.disclosure.review.text;

import cn.disclosure.review.extract.ExtractedPart.Origin;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NormalizerTest {

    private static NormalizedText std(String s) {
        return Normalizer.standard().normalize(s);
    }

    @Test
    void traditionalCharactersBecomeSimplifiedOneForOne() {
        NormalizedText n = std("現將審計工作底稿摘要公布，絕密★長期，祕密");
        assertThat(n.toString()).isEqualTo("现将审计工作底稿摘要公布,绝密★长期,秘密");
        assertThat(n.length()).isEqualTo(n.original().length());
    }

    @Test
    void spacesAndNoiseBetweenChineseCharactersAreSkippedAndOffsetsPointAtTheOriginal() {
        NormalizedText n = std("见审 计 工 作 底 稿。");
        assertThat(n.toString()).isEqualTo("见审计工作底稿。");
        int start = n.toString().indexOf("审计工作底稿");
        int end = start + "审计工作底稿".length();
        assertThat(n.originalText(start, end)).isEqualTo("审 计 工 作 底 稿");
        assertThat(n.originalStart(start)).isEqualTo(1);
        assertThat(n.originalEnd(end)).isEqualTo(12);

        assertThat(std("标-底").toString()).isEqualTo("标底");
        assertThat(std("标 - 底").toString()).isEqualTo("标底");
        assertThat(std("标_底、价|格/表·单•位").toString()).isEqualTo("标底价格表单位");
    }

    @Test
    void longGapsParagraphBreaksAndGapsNextToNonChineseStay() {
        assertThat(std("标      底").toString()).isEqualTo("标      底");
        assertThat(std("标题\n\n正文").toString()).isEqualTo("标题\n\n正文");
        assertThat(std("审计工作\n底稿").toString()).isEqualTo("审计工作底稿");
        assertThat(std("0571-87001234").toString()).isEqualTo("0571-87001234");
        assertThat(std("秘密 ★ 2年").toString()).isEqualTo("秘密 ★ 2年");
        assertThat(std("绝密*长期").toString()).isEqualTo("绝密*长期");
    }

    @Test
    void fullWidthFormsFoldAndInvisibleCharactersDisappear() {
        NormalizedText n = std("机密★５年（ＡＢ）：\u3000x");
        assertThat(n.toString()).isEqualTo("机密★5年(ab): x");
        NormalizedText z = std("标\u200B底\uFEFF价\u00AD格\u202E");
        assertThat(z.toString()).isEqualTo("标底价格");
        assertThat(z.originalText(0, 4)).isEqualTo("标\u200B底\uFEFF价\u00AD格");
        assertThat(std("⭐\uFE0F").toString()).isEqualTo("⭐");
    }

    @Test
    void ocrSpacingCollapsesExceptBetweenWords() {
        Normalizer ocr = Normalizer.forOrigin(Origin.OCR);
        NormalizedText n = ocr.normalize("机 密 ★ 5 年\n1 3 9 0 5 7 1 8 8 8 8 top secret");
        assertThat(n.toString()).isEqualTo("机密★5年\n13905718888 top secret");
        assertThat(n.originalText(0, 5)).isEqualTo("机 密 ★ 5 年");
        assertThat(Normalizer.standard().normalize("机 密 ★ 5 年").toString()).isEqualTo("机密 ★ 5 年");
    }

    @Test
    void emptyAndAllRemovedTexts() {
        assertThat(std("").length()).isZero();
        NormalizedText n = std("\u200B\u200B");
        assertThat(n.length()).isZero();
        assertThat(n.originalEnd(0)).isZero();
    }
}
