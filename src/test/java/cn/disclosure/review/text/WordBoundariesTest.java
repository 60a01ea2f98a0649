package cn.disclosure.review.text;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WordBoundariesTest {

    @AfterEach
    void restoreDefaultCache() {
        WordBoundaries.cacheWindows(32_768);
    }

    private static boolean aligned(String text, String span) {
        int start = text.indexOf(span);
        char[] chars = text.toCharArray();
        return new WordBoundaries(chars, chars.length).aligned(start, start + span.length());
    }

    @Test
    void aSpanAcrossTheWordsAroundItIsNotAligned() {
        assertThat(aligned("坚守目标底线，推动工作落实", "标底")).isFalse();
        assertThat(aligned("本项目标底为1200万元", "标底")).isTrue();
        assertThat(aligned("编号ab123456", "b12")).isFalse();
        assertThat(aligned("标底", "标底")).isTrue();
    }

    @Test
    void cachedDecisionsAreTheDecisionsOfTheWindowItself() {
        List<String> texts = List.of("坚守目标底线，推动工作落实", "本项目标底为1200万元", "招标底价另行通知",
                "请于目标底线前完成", "项目标底已经审定", "这是目标底线", "标底线");
        WordBoundaries.cacheWindows(0);
        List<Boolean> fresh = new ArrayList<>();
        for (String t : texts) {
            fresh.add(aligned(t, "标底"));
        }
        WordBoundaries.cacheWindows(16);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < texts.size(); i++) {
                assertThat(aligned(texts.get(i), "标底")).as(texts.get(i) + " round " + round).isEqualTo(fresh.get(i));
            }
        }
    }

    @Test
    void theSameWordsInADifferentSentenceGetTheirOwnDecision() {
        WordBoundaries.cacheWindows(1);
        // One slot: every lookup collides, and a colliding entry must never answer for another window.
        assertThat(aligned("坚守目标底线，推动工作落实", "标底")).isFalse();
        assertThat(aligned("本项目标底为1200万元", "标底")).isTrue();
        assertThat(aligned("坚守目标底线，推动工作落实", "标底")).isFalse();
    }
}
