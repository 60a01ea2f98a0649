package cn.disclosure.review.lexicon;

import com.hankcs.hanlp.collection.AhoCorasick.AhoCorasickDoubleArrayTrie;
import com.hankcs.hanlp.corpus.io.ByteArray;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Builds a HanLP {@link AhoCorasickDoubleArrayTrie} from sorted keys without HanLP's own builder.
 * HanLP's builder first grows an object trie (a TreeMap per state) and needs several seconds for
 * 100,000 terms; this one places states straight into the double array from the sorted key list
 * (depth first, darts-style free-slot search), then computes failure links and merged outputs in
 * one breadth-first pass, in a fraction of that. The result is handed to HanLP through its public
 * {@code load(ByteArray, V[])} format, so matching is HanLP's own code:
 * <ul>
 *   <li>state = position in the arrays; root = 0; child of {@code s} by char {@code c} is
 *       {@code p = base[s] + c + 1} with {@code check[p] == base[s]};</li>
 *   <li>a key ending in {@code s} gets an end marker at {@code base[s]} holding {@code -(index+1)};</li>
 *   <li>bases are unique and at least 1, so {@code check} identifies the parent;</li>
 *   <li>{@code output[s]} lists every key ending at {@code s} or along its failure chain.</li>
 * </ul>
 */
final class AutomatonBuilder {
    private static final int MAX_CODE = 65536;

    private int[] base;
    private int[] check;
    private int[] fail;
    private int[][] output;
    private final BitSet usedBase = new BitSet();
    private int nextCheckPos = 1;
    private int maxUsed;

    private AutomatonBuilder(int expectedStates) {
        int capacity = Math.max(2 * MAX_CODE, expectedStates * 2 + MAX_CODE);
        base = new int[capacity];
        check = new int[capacity];
        fail = new int[capacity];
        output = new int[capacity][];
    }

    /**
     * @param keys   distinct, non-empty, sorted in {@link String#compareTo} order
     * @param values one value per key, same order
     */
    static <V> AhoCorasickDoubleArrayTrie<V> build(String[] keys, V[] values) {
        if (keys.length != values.length) {
            throw new IllegalArgumentException("keys and values differ in length");
        }
        long chars = 0;
        for (String k : keys) {
            chars += k.length();
        }
        AutomatonBuilder b = new AutomatonBuilder((int) Math.min(Integer.MAX_VALUE / 4, chars + keys.length));
        b.place(keys);
        b.link(keys);
        AhoCorasickDoubleArrayTrie<V> trie = new AhoCorasickDoubleArrayTrie<>();
        if (!trie.load(new ByteArray(b.serialize(keys)), values)) {
            throw new IllegalStateException("HanLP refused the automaton");
        }
        return trie;
    }

    /**
     * Places the implicit trie of sorted keys (a node is a key range sharing a prefix) depth first,
     * like darts: each node's children are placed right after it, so the many one-child nodes fill
     * the holes the wide nodes leave and the free-slot search stays short.
     */
    private void place(String[] keys) {
        int[] stack = new int[4 * 64];
        int top = 0;
        stack[top++] = 0;
        stack[top++] = 0;
        stack[top++] = 0;
        stack[top++] = keys.length;
        Children children = new Children();
        while (top > 0) {
            int hi = stack[--top];
            int lo = stack[--top];
            int depth = stack[--top];
            int state = stack[--top];
            int own = children.group(keys, depth, lo, hi);
            int begin = findBase(children.codes, children.n);
            base[state] = begin;
            usedBase.set(begin);
            for (int k = 0; k < children.n; k++) {
                int p = begin + children.codes[k];
                check[p] = begin;
                maxUsed = Math.max(maxUsed, p);
            }
            if (own >= 0) {
                base[begin] = -(own + 1);
            }
            for (int k = children.n - 1; k >= 0; k--) {
                if (children.codes[k] == 0) {
                    continue;
                }
                if (top + 4 > stack.length) {
                    stack = Arrays.copyOf(stack, stack.length * 2);
                }
                stack[top++] = begin + children.codes[k];
                stack[top++] = depth + 1;
                stack[top++] = children.lows[k];
                stack[top++] = children.highs[k];
            }
        }
    }

    /** Failure links and merged outputs, breadth first (a state's failure target is shallower). */
    private void link(String[] keys) {
        IntQueue queue = new IntQueue();
        queue.add(0, 0, 0, keys.length, 0, 0);
        Children children = new Children();
        while (!queue.isEmpty()) {
            int state = queue.state();
            int depth = queue.depth();
            int lo = queue.lo();
            int hi = queue.hi();
            int parent = queue.parent();
            int ch = queue.ch();
            queue.next();
            if (state != 0) {
                fail[state] = parent == 0 ? 0 : failTarget(fail[parent], (char) ch);
            }
            int own = children.group(keys, depth, lo, hi);
            output[state] = mergeOutputs(own, state == 0 ? null : output[fail[state]]);
            for (int k = 0; k < children.n; k++) {
                if (children.codes[k] != 0) {
                    queue.add(base[state] + children.codes[k], depth + 1, children.lows[k], children.highs[k], state,
                            children.codes[k] - 1);
                }
            }
        }
    }

    /** The children of a trie node: codes (0 = a key ends here, else char + 1) and their key ranges. */
    private static final class Children {
        int[] codes = new int[16];
        int[] lows = new int[16];
        int[] highs = new int[16];
        int n;

        /** Groups keys[lo, hi) by their character at {@code depth}; returns the index of the key ending here, or -1. */
        int group(String[] keys, int depth, int lo, int hi) {
            n = 0;
            int i = lo;
            int own = -1;
            if (keys[lo].length() == depth) {
                own = lo;
                add(0, lo, lo + 1);
                i++;
            }
            while (i < hi) {
                char c = keys[i].charAt(depth);
                int j = i + 1;
                while (j < hi && keys[j].charAt(depth) == c) {
                    j++;
                }
                add(c + 1, i, j);
                i = j;
            }
            return own;
        }

        private void add(int code, int lo, int hi) {
            if (n == codes.length) {
                codes = Arrays.copyOf(codes, n * 2);
                lows = Arrays.copyOf(lows, n * 2);
                highs = Arrays.copyOf(highs, n * 2);
            }
            codes[n] = code;
            lows[n] = lo;
            highs[n++] = hi;
        }
    }

    private int transition(int state, char c) {
        int b = base[state];
        int p = b + c + 1;
        if (b != 0 && p < check.length && check[p] == b) {
            return p;
        }
        return state == 0 ? 0 : -1;
    }

    private int failTarget(int from, char c) {
        int f = from;
        while (true) {
            int t = transition(f, c);
            if (t != -1) {
                return t;
            }
            f = fail[f];
        }
    }

    private static int[] mergeOutputs(int own, int[] inherited) {
        if (own < 0) {
            return inherited;
        }
        if (inherited == null) {
            return new int[]{own};
        }
        int[] out = new int[inherited.length + 1];
        out[0] = own;
        System.arraycopy(inherited, 0, out, 1, inherited.length);
        return out;
    }

    private int findBase(int[] codes, int n) {
        int first = codes[0];
        int last = codes[n - 1];
        int pos = Math.max(first + 1, nextCheckPos) - 1;
        int nonZero = 0;
        boolean firstFree = false;
        outer:
        while (true) {
            pos++;
            ensureCapacity(pos + 1);
            if (check[pos] != 0) {
                nonZero++;
                continue;
            }
            if (!firstFree) {
                nextCheckPos = pos;
                firstFree = true;
            }
            int begin = pos - first;
            if (begin < 1 || usedBase.get(begin)) {
                continue;
            }
            ensureCapacity(begin + last + 1);
            for (int k = 1; k < n; k++) {
                if (check[begin + codes[k]] != 0) {
                    continue outer;
                }
            }
            if ((double) nonZero / (pos - nextCheckPos + 1) >= 0.95) {
                nextCheckPos = pos;
            }
            return begin;
        }
    }

    private void ensureCapacity(int size) {
        if (size <= check.length) {
            return;
        }
        int capacity = Math.max(size + MAX_CODE, (int) (check.length * 1.5));
        base = Arrays.copyOf(base, capacity);
        check = Arrays.copyOf(check, capacity);
        fail = Arrays.copyOf(fail, capacity);
        output = Arrays.copyOf(output, capacity);
    }

    /** HanLP's {@code AhoCorasickDoubleArrayTrie.load(ByteArray, V[])} layout. */
    private byte[] serialize(String[] keys) {
        int size = Math.max(maxUsed, usedBase.length()) + 2;
        ensureCapacity(size);
        long bytes = 4L + 16L * size + 4L + 4L * keys.length;
        for (int s = 0; s < size; s++) {
            if (output[s] != null) {
                bytes += 4L * output[s].length;
            }
        }
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("automaton too large");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) bytes);
        buf.putInt(size);
        for (int s = 0; s < size; s++) {
            buf.putInt(base[s]).putInt(check[s]).putInt(fail[s]);
            int[] out = output[s];
            if (out == null) {
                buf.putInt(0);
            } else {
                buf.putInt(out.length);
                for (int v : out) {
                    buf.putInt(v);
                }
            }
        }
        buf.putInt(keys.length);
        for (String k : keys) {
            buf.putInt(k.length());
        }
        return buf.array();
    }

    /** A growable queue of trie nodes as parallel int arrays (no object per node). */
    private static final class IntQueue {
        private static final int FIELDS = 6;
        private int[] a = new int[FIELDS * 1024];
        private int head;
        private int tail;

        void add(int state, int depth, int lo, int hi, int parent, int ch) {
            if (tail + FIELDS > a.length) {
                if (head > a.length / 2) {
                    System.arraycopy(a, head, a, 0, tail - head);
                    tail -= head;
                    head = 0;
                } else {
                    a = Arrays.copyOf(a, a.length * 2);
                }
            }
            a[tail] = state;
            a[tail + 1] = depth;
            a[tail + 2] = lo;
            a[tail + 3] = hi;
            a[tail + 4] = parent;
            a[tail + 5] = ch;
            tail += FIELDS;
        }

        boolean isEmpty() {
            return head == tail;
        }

        int state() {
            return a[head];
        }

        int depth() {
            return a[head + 1];
        }

        int lo() {
            return a[head + 2];
        }

        int hi() {
            return a[head + 3];
        }

        int parent() {
            return a[head + 4];
        }

        int ch() {
            return a[head + 5];
        }

        void next() {
            head += FIELDS;
        }
    }
}
