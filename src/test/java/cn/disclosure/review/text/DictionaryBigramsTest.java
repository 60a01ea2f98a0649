package cn.disclosure.review.text;

import com.hankcs.hanlp.collection.trie.DoubleArrayTrie;
import com.hankcs.hanlp.dictionary.CoreDictionary;
import com.hankcs.hanlp.dictionary.CustomDictionary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class DictionaryBigramsTest {

    @Test
    void holdsExactlyThePairsInsideTheWordsOfASmallDictionary() {
        TreeMap<String, Boolean> words = new TreeMap<>();
        for (String w : List.of("目标", "底线", "标底", "招标底价", "审计工作底稿")) {
            words.put(w, Boolean.TRUE);
        }
        DictionaryBigrams bigrams = DictionaryBigrams.of(new DoubleArrayTrie<>(words));
        for (String pair : List.of("目标", "底线", "标底", "招标", "底价", "审计", "计工", "工作", "作底", "底稿")) {
            assertThat(bigrams.contains(pair.charAt(0), pair.charAt(1))).as(pair).isTrue();
        }
        for (String pair : List.of("标目", "线底", "价招", "稿审", "目底", "标线")) {
            assertThat(bigrams.contains(pair.charAt(0), pair.charAt(1))).as(pair).isFalse();
        }
        assertThat(bigrams.size()).isEqualTo(10);
    }

    @Test
    void coversEveryPairOfRealDictionaryWords() {
        DictionaryBigrams bigrams = DictionaryBigrams.of(CoreDictionary.trie, CustomDictionary.DEFAULT.dat);
        int words = 0;
        for (String word : List.of("目标", "底线", "招标", "底稿", "审计", "保密工作", "中华人民共和国", "涉密人员", "工作底稿")) {
            if (CoreDictionary.trie.exactMatchSearch(word) < 0 && CustomDictionary.DEFAULT.dat.exactMatchSearch(word) < 0) {
                continue;
            }
            words++;
            for (int i = 0; i + 1 < word.length(); i++) {
                assertThat(bigrams.contains(word.charAt(i), word.charAt(i + 1))).as(word + "@" + i).isTrue();
            }
        }
        assertThat(words).isGreaterThanOrEqualTo(6);
        assertThat(bigrams.size()).isGreaterThan(100_000);
    }
}
