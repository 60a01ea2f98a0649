package cn.disclosure.review.lexicon;

import cn.disclosure.review.core.Severity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LexiconParserTest {
    private final LexiconParser parser = new LexiconParser(1000);

    @Test
    void readsTermsSeveritiesNotesCommentsAndBlankLines() {
        Lexicon l = parser.parse("eval-terms", 3, """
                \uFEFF# term\tseverity\tnote
                招标底价\tBLOCK\t招投标保密

                审计工作底稿\tblock\t审计资料\r
                内部参阅\tWARN
                未公开数据\t\t
                  # indented comment
                考试试题
                審計取證單\tINFO\t繁体
                """);
        assertThat(l.name()).isEqualTo("eval-terms");
        assertThat(l.version()).isEqualTo(3);
        assertThat(l.kind()).isEqualTo(LexiconKind.TERMS);
        assertThat(l.entries()).extracting(LexiconEntry::term)
                .containsExactly("招标底价", "审计工作底稿", "内部参阅", "未公开数据", "考试试题", "審計取證單");
        assertThat(l.entries()).extracting(LexiconEntry::severity)
                .containsExactly(Severity.BLOCK, Severity.BLOCK, Severity.WARN, Severity.WARN, Severity.WARN, Severity.INFO);
        assertThat(l.entries().get(0).note()).isEqualTo("招投标保密");
        assertThat(l.entries().get(0).line()).isEqualTo(2);
        assertThat(l.entries().get(5).key()).isEqualTo("审计取证单");
    }

    @Test
    void keysAreNormalisedAndDuplicatesKeepTheHeaviestSeverity() {
        Lexicon l = parser.parse("t", 1, "标 - 底\tINFO\n標底\tBLOCK\n标底\tWARN\nＶＰＮ账号\n");
        assertThat(l.entries()).hasSize(2);
        assertThat(l.entries().get(0).key()).isEqualTo("标底");
        assertThat(l.entries().get(0).severity()).isEqualTo(Severity.BLOCK);
        assertThat(l.entries().get(1).key()).isEqualTo("vpn账号");
    }

    @Test
    void allowListsAreNamedAllow() {
        assertThat(parser.parse("allow-near-misses", 1, "目标底线\n").kind()).isEqualTo(LexiconKind.ALLOW);
        assertThat(parser.parse("allow", 1, "").kind()).isEqualTo(LexiconKind.ALLOW);
        assertThat(parser.parse("terms-allowed", 1, "").kind()).isEqualTo(LexiconKind.TERMS);
    }

    @Test
    void badLinesAreRefusedWithTheirNumber() {
        assertThatThrownBy(() -> parser.parse("t", 1, "# c\n招标底价\tBLOCKED\n"))
                .isInstanceOf(LexiconFormatException.class).hasMessageContaining("第 2 行")
                .satisfies(e -> assertThat(((LexiconFormatException) e).line()).isEqualTo(2));
        assertThatThrownBy(() -> parser.parse("t", 1, "a\tb\tc\td\n")).hasMessageContaining("第 1 行").hasMessageContaining("列数");
        assertThatThrownBy(() -> parser.parse("t", 1, "\tWARN\n")).hasMessageContaining("词条为空");
        assertThatThrownBy(() -> parser.parse("t", 1, "好\n")).hasMessageContaining("过短");
        assertThatThrownBy(() -> parser.parse("t", 1, "字".repeat(65) + "\n")).hasMessageContaining("64");
        assertThatThrownBy(() -> new LexiconParser(2).parse("t", 1, "甲乙\n丙丁\n戊己\n")).hasMessageContaining("第 3 行").hasMessageContaining("上限");
    }

    @Test
    void namesAreChecked() {
        assertThatThrownBy(() -> parser.parse("Bad Name", 1, "")).isInstanceOf(LexiconFormatException.class);
        assertThatThrownBy(() -> parser.parse("../x", 1, "")).isInstanceOf(LexiconFormatException.class);
        assertThatThrownBy(() -> parser.parse("敏感词", 1, "")).isInstanceOf(LexiconFormatException.class);
        assertThat(parser.parse("eval-terms.v2_x", 1, "").entries()).isEmpty();
    }
}
