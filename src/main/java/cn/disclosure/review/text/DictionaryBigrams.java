package cn.disclosure.review.text;

import com.hankcs.hanlp.collection.trie.DoubleArrayTrie;

/**
 * Every pair of adjacent characters that occurs inside some word of the given HanLP dictionaries.
 * A dictionary word can only cross the point between two characters if that pair occurs inside
 * it, so one probe here decides most boundaries without walking the (large, cache-unfriendly)
 * dictionary tries. Built once from the double-array tries themselves: every transition whose
 * parent was itself reached by a character contributes the pair (parent's character, its own).
 * Immutable and thread-safe after construction.
 */
final class DictionaryBigrams {
    private static final int EMPTY = 0;

    private final int[] table;
    private final int mask;
    private final int size;

    private DictionaryBigrams(int[] table, int size) {
        this.table = table;
        this.mask = table.length - 1;
        this.size = size;
    }

    static DictionaryBigrams of(DoubleArrayTrie<?>... tries) {
        IntSetBuilder set = new IntSetBuilder();
        for (DoubleArrayTrie<?> trie : tries) {
            if (trie != null) {
                collect(trie.getBase(), trie.getCheck(), set);
            }
        }
        return new DictionaryBigrams(set.table(), set.size());
    }

    /**
     * HanLP's double array (darts layout): the child of position {@code p} by character {@code c}
     * is {@code q = base[p] + c + 1} with {@code check[q] == base[p]}; the end marker of a word
     * sits at {@code base[p]} itself. Bases of inner states are unique, so check names the parent.
     */
    private static void collect(int[] base, int[] check, IntSetBuilder out) {
        int n = Math.min(base.length, check.length);
        int maxBase = 0;
        for (int p = 0; p < n; p++) {
            maxBase = Math.max(maxBase, base[p]);
        }
        int[] ownerOfBase = new int[maxBase + 1];
        java.util.Arrays.fill(ownerOfBase, -1);
        for (int p = 0; p < n; p++) {
            if (base[p] > 0 && (p == 0 || check[p] > 0)) {
                ownerOfBase[base[p]] = p;
            }
        }
        for (int q = 1; q < n; q++) {
            int b = check[q];
            if (b <= 0 || b > maxBase) {
                continue;
            }
            int c2 = q - b - 1;
            int p = ownerOfBase[b];
            if (c2 < 0 || c2 > 0xFFFF || p <= 0 || check[p] <= 0) {
                continue;
            }
            int c1 = p - check[p] - 1;
            if (c1 >= 0 && c1 <= 0xFFFF) {
                out.add(pair((char) c1, (char) c2));
            }
        }
    }

    /** Whether {@code left} followed by {@code right} occurs inside some dictionary word. */
    boolean contains(char left, char right) {
        int key = pair(left, right);
        for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
            int k = table[i];
            if (k == key) {
                return true;
            }
            if (k == EMPTY) {
                return false;
            }
        }
    }

    int size() {
        return size;
    }

    /** Never 0 (the empty slot): the right character is stored plus one. */
    private static int pair(char left, char right) {
        return (left << 16) | (right + 1);
    }

    private static int mix(int key) {
        int h = key * 0x9E3779B1;
        return h ^ (h >>> 15);
    }

    /** Open addressing, linear probing, load factor at most 1/2. */
    private static final class IntSetBuilder {
        private int[] table = new int[1 << 16];
        private int size;

        void add(int key) {
            if (2 * (size + 1) > table.length) {
                grow();
            }
            if (insert(table, key)) {
                size++;
            }
        }

        private static boolean insert(int[] t, int key) {
            int m = t.length - 1;
            for (int i = mix(key) & m; ; i = (i + 1) & m) {
                if (t[i] == key) {
                    return false;
                }
                if (t[i] == EMPTY) {
                    t[i] = key;
                    return true;
                }
            }
        }

        private void grow() {
            int[] bigger = new int[table.length * 2];
            for (int k : table) {
                if (k != EMPTY) {
                    insert(bigger, k);
                }
            }
            table = bigger;
        }

        int[] table() {
            return table;
        }

        int size() {
            return size;
        }
    }
}
