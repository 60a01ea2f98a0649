package cn.disclosure.review.lexicon;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KeySortTest {

    @Test
    void sortsLikeStringCompareToIncludingPrefixesAndSharedStems() {
        Random random = new Random(42);
        String alphabet = "标底审计工作稿机密秘绝ab1★";
        Set<String> keys = new LinkedHashSet<>(Arrays.asList("标底", "标底价", "标", "审计工作底稿", "审计", "a", "ab", "abc"));
        while (keys.size() < 20_000) {
            int length = 1 + random.nextInt(9);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < length; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            keys.add(sb.toString());
        }
        String[] mine = keys.toArray(new String[0]);
        String[] expected = mine.clone();
        Arrays.sort(expected);
        KeySort.sort(mine);
        assertThat(mine).containsExactly(expected);
    }

    @Test
    void handlesEmptyAndTinyArrays() {
        String[] none = {};
        KeySort.sort(none);
        assertThat(none).isEmpty();
        String[] three = {"秘密", "机密", "绝密"};
        String[] expected = three.clone();
        Arrays.sort(expected);
        KeySort.sort(three);
        assertThat(three).containsExactly(expected);
    }
}
