package cn.disclosure.review.lexicon;

import com.hankcs.hanlp.collection.AhoCorasick.AhoCorasickDoubleArrayTrie;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class AutomatonBuilderTest {

    /** The fast builder and HanLP's own builder must give automata that report exactly the same hits. */
    @Test
    void findsExactlyWhatHanlpsOwnBuilderFinds() {
        Random r = new Random(42);
        for (int round = 0; round < 5; round++) {
            TreeSet<String> keys = new TreeSet<>();
            int alphabet = round % 2 == 0 ? 12 : 400;
            while (keys.size() < 300 + round * 200) {
                keys.add(randomString(r, 1 + r.nextInt(6), alphabet));
            }
            String[] k = keys.toArray(new String[0]);
            Integer[] v = new Integer[k.length];
            TreeMap<String, Integer> map = new TreeMap<>();
            for (int i = 0; i < k.length; i++) {
                v[i] = i;
                map.put(k[i], i);
            }
            AhoCorasickDoubleArrayTrie<Integer> fast = AutomatonBuilder.build(k, v);
            AhoCorasickDoubleArrayTrie<Integer> hanlp = new AhoCorasickDoubleArrayTrie<>(map);
            for (int t = 0; t < 20; t++) {
                char[] text = randomString(r, 2000, alphabet).toCharArray();
                assertThat(hits(fast, text)).isEqualTo(hits(hanlp, text));
            }
            for (String key : k) {
                assertThat(fast.get(key)).isEqualTo(map.get(key));
            }
            assertThat(fast.get(randomString(r, 9, alphabet) + "\u0001")).isNull();
        }
    }

    @Test
    void overlappingAndNestedKeysAreAllReported() {
        String[] k = {"标底", "招标", "招标底价", "底价"};
        java.util.Arrays.sort(k);
        AhoCorasickDoubleArrayTrie<String> ac = AutomatonBuilder.build(k, k.clone());
        List<String> found = new ArrayList<>();
        ac.parseText("本项目招标底价为".toCharArray(), (b, e, v) -> found.add(b + ":" + e + ":" + v));
        assertThat(found).containsExactlyInAnyOrder("3:5:招标", "4:6:标底", "3:7:招标底价", "5:7:底价");
    }

    @Test
    void charactersAtTheEdgesOfTheCharRangeWork() {
        String[] k = {"\u0001a", "a\uFFFF", "\uFFFE\uFFFF"};
        java.util.Arrays.sort(k);
        AhoCorasickDoubleArrayTrie<String> ac = AutomatonBuilder.build(k, k.clone());
        List<String> found = new ArrayList<>();
        ac.parseText("x\u0001a\uFFFF\uFFFE\uFFFF".toCharArray(), (b, e, v) -> found.add(v));
        assertThat(found).containsExactlyInAnyOrder("\u0001a", "a\uFFFF", "\uFFFE\uFFFF");
    }

    private static List<String> hits(AhoCorasickDoubleArrayTrie<Integer> ac, char[] text) {
        List<String> out = new ArrayList<>();
        ac.parseText(text, (b, e, v) -> out.add(b + ":" + e + ":" + v));
        out.sort(null);
        return out;
    }

    private static String randomString(Random r, int len, int alphabet) {
        StringBuilder b = new StringBuilder(len);
        for (int i = 0; i < len; i++) {
            b.append((char) (0x4E00 + r.nextInt(alphabet)));
        }
        return b.toString();
    }
}
