package cn.disclosure.review.text;

import com.hankcs.hanlp.collection.AhoCorasick.AhoCorasickDoubleArrayTrie;
import com.hankcs.hanlp.dictionary.ts.TraditionalChineseDictionary;

/**
 * 繁→简 one character at a time, from HanLP's own traditional-to-simplified dictionary: every
 * single-character entry that maps one BMP character to one BMP character (機→机, 絕→绝, 審→审,
 * 祕→秘). HanLP's phrase conversion is not used because a phrase may map to a different length,
 * and then offsets into the original would no longer be exact; for detection the character map is
 * what matters (a term or a mark is found whichever way its characters are written).
 */
public final class TraditionalToSimplified implements CharStep {

    private static final class Table {
        static final char[] MAP = build();

        private static char[] build() {
            char[] map = new char[65536];
            for (int c = 0; c < map.length; c++) {
                map[c] = (char) c;
            }
            AhoCorasickDoubleArrayTrie<String> trie = TraditionalChineseDictionary.trie;
            if (trie == null) {
                TraditionalChineseDictionary.convertToSimplifiedChinese("");
                trie = TraditionalChineseDictionary.trie;
            }
            for (int c = 0x3400; c <= 0xFAFF; c++) {
                if (Character.isSurrogate((char) c)) {
                    continue;
                }
                String to = trie.get(String.valueOf((char) c));
                if (to != null && to.length() == 1 && !Character.isSurrogate(to.charAt(0))) {
                    map[c] = to.charAt(0);
                }
            }
            return map;
        }
    }

    @Override
    public int apply(char c) {
        return Table.MAP[c];
    }
}
