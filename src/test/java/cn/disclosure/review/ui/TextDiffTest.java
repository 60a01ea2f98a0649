package cn.disclosure.review.ui;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The body diff on the review page, and the waiting times of the queue. */
class TextDiffTest {

    private static String render(List<TextDiff.Segment> diff) {
        StringBuilder sb = new StringBuilder();
        for (TextDiff.Segment s : diff) {
            sb.append(switch (s.kind()) {
                case SAME -> s.text();
                case INS -> "{+" + s.text() + "+}";
                case DEL -> "[-" + s.text() + "-]";
            });
        }
        return sb.toString();
    }

    @Test
    void changedLinesAreRefinedToCharacters() {
        String before = "第一行\n本文件 机密★5年 内部。\n第三行\n";
        String after = "第一行\n本文件 内部传阅。\n第三行\n";
        assertThat(render(TextDiff.diff(before, after))).isEqualTo("第一行\n本文件 [-机密★5年 -]内部{+传阅+}。\n第三行\n");
    }

    @Test
    void addedAndRemovedLines() {
        assertThat(render(TextDiff.diff("甲\n乙\n丙\n", "甲\n丙\n丁\n"))).isEqualTo("甲\n[-乙\n-]丙\n{+丁\n+}");
        assertThat(render(TextDiff.diff("", "新内容"))).isEqualTo("{+新内容+}");
        assertThat(render(TextDiff.diff("旧内容", ""))).isEqualTo("[-旧内容-]");
    }

    @Test
    void lineEndingsAreNoChange() {
        List<TextDiff.Segment> diff = TextDiff.diff("甲\n乙\n", "甲\r\n乙\r\n");
        assertThat(TextDiff.unchanged(diff)).isTrue();
        assertThat(render(diff)).isEqualTo("甲\n乙\n");
    }

    @Test
    void joiningTheSidesGivesBothTextsBack() {
        String before = "a😀b\nsame\nx1\ny\n";
        String after = "a😁b\nsame\nx2\nz\ny\n";
        List<TextDiff.Segment> diff = TextDiff.diff(before, after);
        StringBuilder old = new StringBuilder();
        StringBuilder now = new StringBuilder();
        diff.forEach(s -> {
            if (!s.isIns()) {
                old.append(s.text());
            }
            if (!s.isDel()) {
                now.append(s.text());
            }
        });
        assertThat(old.toString()).isEqualTo(before);
        assertThat(now.toString()).isEqualTo(after);
        assertThat(diff).noneMatch(s -> Character.isLowSurrogate(s.text().charAt(0)));
    }

    @Test
    void hugeChangedBlocksAreShownWhole() {
        String before = "旧".repeat(3000);
        String after = "新".repeat(3000);
        List<TextDiff.Segment> diff = TextDiff.diff(before, after);
        assertThat(diff).extracting(TextDiff.Segment::kind).containsExactly(TextDiff.Kind.DEL, TextDiff.Kind.INS);
    }

    @Test
    void waitingTimesAsPeopleSayThem() {
        OffsetDateTime now = OffsetDateTime.parse("2026-11-29T12:00:00+08:00");
        assertThat(Labels.waiting(now.minusSeconds(20), now)).isEqualTo("不到 1 分钟");
        assertThat(Labels.waiting(now.minusMinutes(25), now)).isEqualTo("25 分钟");
        assertThat(Labels.waiting(now.minusHours(2).minusMinutes(10), now)).isEqualTo("2 小时");
        assertThat(Labels.waiting(now.minusDays(3), now)).isEqualTo("3 天");
    }
}
