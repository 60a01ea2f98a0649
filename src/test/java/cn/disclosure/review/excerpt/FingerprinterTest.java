package cn.disclosure.review.excerpt;

import cn.disclosure.review.text.Normalizer;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The winnowing guarantee, property-style over random texts: every shared run of at least 30
 * letters yields a shared fingerprint and an excerpt passage; a shared run of 29 never yields a passage.
 */
class FingerprinterTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private static final Fingerprinter F = new Fingerprinter(KEY);
    /** A small alphabet, so that grams and windows repeat and ties in the selection happen. */
    private static final String ALPHABET = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严";

    @Test
    void everySharedRunOfThirtyLettersIsFound() {
        Random random = new Random(20031);
        for (int trial = 0; trial < 300; trial++) {
            int length = 30 + random.nextInt(40);
            String shared = randomText(random, length);
            String doc = randomText(random, random.nextInt(300)) + shared + randomText(random, random.nextInt(300));
            String draft = randomText(random, random.nextInt(300)) + shared + randomText(random, random.nextInt(300));
            Letters d = letters(doc);
            Letters q = letters(draft);
            Set<Long> docGrams = grams(d);
            assertThat(grams(q)).as("trial %d: a shared run of %d letters shares a winnowed fingerprint", trial, length)
                    .containsAnyElementsOf(docGrams);

            MemoryRunStore store = new MemoryRunStore(F);
            store.add(7, "受保护文件", doc);
            List<ExcerptMatcher.Passage> found = new ExcerptMatcher(F).find(Normalizer.standard().normalize(draft), store.index(), store);
            assertThat(found).as("trial %d", trial).isNotEmpty();
            int at = draft.indexOf(shared);
            assertThat(found).anySatisfy(p -> {
                assertThat(p.documentId()).isEqualTo(7);
                // the passage is the shared run (a neighbour may match by chance, or a shared punctuation mark be left out)
                assertThat(p.start()).isBetween(at - 2, at + 1);
                assertThat(p.end()).isBetween(at + shared.length() - 1, at + shared.length() + 2);
                assertThat(p.letters()).isGreaterThanOrEqualTo(30);
            });
        }
    }

    @Test
    void aSharedRunOfTwentyNineLettersIsNeverAnExcerpt() {
        Random random = new Random(29);
        for (int trial = 0; trial < 300; trial++) {
            String shared = randomText(random, 29);
            String docLeft = randomText(random, 1 + random.nextInt(200));
            String draftLeft = differentLast(random, docLeft);
            String docRight = randomText(random, 1 + random.nextInt(200));
            String draftRight = differentFirst(random, docRight);
            String doc = docLeft + shared + docRight;
            String draft = draftLeft + shared + draftRight;
            MemoryRunStore store = new MemoryRunStore(F);
            store.add(7, "受保护文件", doc);
            assertThat(new ExcerptMatcher(F).find(Normalizer.standard().normalize(draft), store.index(), store))
                    .as("trial %d", trial).isEmpty();
        }
    }

    @Test
    void spellingPunctuationAndWidthDoNotHideAPassage() {
        String doc = "各单位要严格执行涉密载体管理规定，涉密计算机不得接入互联网；发现泄密隐患立即报告保密委员会办公室并组织核查整改工作。";
        // 繁體, full-width Latin/digits, other punctuation and spacing
        String draft = "據悉：各單位要嚴格執行涉密載體管理規定——涉密計算機不得接入互聯網, 發現泄密隱患立即報告保密委員會辦公室！";
        MemoryRunStore store = new MemoryRunStore(F);
        store.add(3, "保密管理规定", doc);
        List<ExcerptMatcher.Passage> found = new ExcerptMatcher(F).find(Normalizer.standard().normalize(draft), store.index(), store);
        assertThat(found).hasSize(1);
        ExcerptMatcher.Passage p = found.get(0);
        assertThat(p.title()).isEqualTo("保密管理规定");
        assertThat(draft.substring(p.start(), p.end())).startsWith("各單位").endsWith("辦公室");
    }

    @Test
    void theStoredFingerprintIsHmacSha256TruncatedTo64Bits() throws Exception {
        Letters l = letters("一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        ByteBuffer msg = ByteBuffer.allocate(1 + 3 * Fingerprinter.K);
        msg.put((byte) 'G');
        for (int i = 0; i < Fingerprinter.K; i++) {
            int cp = l.codePoints[2 + i];
            msg.put((byte) (cp >>> 16)).put((byte) (cp >>> 8)).put((byte) cp);
        }
        long expected = ByteBuffer.wrap(mac.doFinal(msg.array())).getLong();
        assertThat(F.gram(l, 2)).isEqualTo(expected);
        assertThat(new Fingerprinter("another-key-another-key-another!".getBytes()).gram(l, 2)).isNotEqualTo(expected);
    }

    @Test
    void winnowingSelectsOneGramInEveryWindow() {
        Random random = new Random(5);
        for (int trial = 0; trial < 100; trial++) {
            Letters l = letters(randomText(random, 30 + random.nextInt(500)));
            int[] selected = F.select(l);
            int grams = l.count - Fingerprinter.K + 1;
            for (int start = 0; start + Fingerprinter.W <= grams; start++) {
                int s = start;
                assertThat(Arrays.stream(selected).anyMatch(p -> p >= s && p < s + Fingerprinter.W)).isTrue();
            }
            assertThat(selected.length).isLessThan(grams);
        }
    }

    /**
     * The one-pass selection (rolling hash in a ring) selects exactly what the definition selects:
     * stored fingerprints of registered documents depend on it, so it must never change. The
     * reference computes every selection hash from scratch with BigInteger.
     */
    @Test
    void selectionIsExactlyTheDefinition() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        long v = ByteBuffer.wrap(mac.doFinal("review.excerpt.selection-base".getBytes())).getLong();
        long m = (1L << 61) - 1;
        java.math.BigInteger base = java.math.BigInteger.valueOf((v & m) % (m - (1L << 20)) + (1L << 20));
        java.math.BigInteger mod = java.math.BigInteger.valueOf(m);
        Random random = new Random(77);
        for (int trial = 0; trial < 60; trial++) {
            StringBuilder text = new StringBuilder(randomText(random, random.nextInt(700)));
            if (trial % 3 == 0) {
                text.append("𠀀𠀁𠀂一二三𠀀𠀁𠀂一二三𠀀𠀁𠀂一二三𠀀𠀁𠀂一二三𠀀𠀁𠀂一二三𠀀𠀁𠀂一二三");   // surrogate pairs, repeats (ties)
            }
            Letters l = letters(text.toString());
            int grams = l.count - Fingerprinter.K + 1;
            long[] h = new long[Math.max(0, grams)];
            for (int i = 0; i < grams; i++) {
                java.math.BigInteger x = java.math.BigInteger.ZERO;
                for (int j = 0; j < Fingerprinter.K; j++) {
                    x = x.multiply(base).add(java.math.BigInteger.valueOf(l.codePoints[i + j] + 1L)).mod(mod);
                }
                h[i] = x.longValue();
            }
            List<Integer> expected = new java.util.ArrayList<>();
            for (int start = 0; start + Fingerprinter.W <= grams; start++) {
                int min = start;
                for (int j = start; j < start + Fingerprinter.W; j++) {
                    if (h[j] <= h[min]) {
                        min = j;      // the rightmost smallest
                    }
                }
                if (expected.isEmpty() || expected.get(expected.size() - 1) != min) {
                    expected.add(min);
                }
            }
            assertThat(Arrays.stream(F.select(l)).boxed().toList()).as("trial %d", trial).isEqualTo(expected);
        }
    }

    @Test
    void runFingerprintIsTheKeyedHmacOfThirtyLetters() throws Exception {
        Letters l = letters("国家秘密标志应当标注在文件首页左上角，并注明保密期限和知悉范围，不得擅自复制或者对外提供，违者依法追究责任。");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        for (int at : new int[]{0, 3, l.count - Fingerprinter.RUN}) {
            ByteBuffer msg = ByteBuffer.allocate(1 + 3 * Fingerprinter.RUN);
            msg.put((byte) 'R');
            for (int i = 0; i < Fingerprinter.RUN; i++) {
                int cp = l.codePoints[at + i];
                msg.put((byte) (cp >>> 16)).put((byte) (cp >>> 8)).put((byte) cp);
            }
            assertThat(F.run(l, at)).isEqualTo(ByteBuffer.wrap(mac.doFinal(msg.array())).getLong());
        }
    }

    @Test
    void theIndexFindsExactlyItsFingerprints() {
        Random random = new Random(9);
        long[] fps = new long[5_000];
        long[] docs = new long[fps.length];
        for (int i = 0; i < fps.length; i++) {
            fps[i] = i == 0 ? 0 : i < 100 ? i : random.nextLong();      // 0 and small values collide in the table
            docs[i] = 1 + i % 7;
        }
        ExcerptIndex index = ExcerptIndex.of(1, List.of(), fps, docs);
        Set<Long> all = new HashSet<>();
        for (long fp : fps) {
            all.add(fp);
            assertThat(index.contains(fp)).isTrue();
        }
        for (int i = 0; i < 20_000; i++) {
            long probe = random.nextLong();
            assertThat(index.contains(probe)).isEqualTo(all.contains(probe));
        }
        assertThat(ExcerptIndex.of(1, List.of(), new long[]{5}, new long[]{1}).contains(0)).isFalse();
        ExcerptIndex without = index.without(new long[]{0, 1, 2});
        assertThat(without.contains(0)).isFalse();
        assertThat(without.contains(1)).isFalse();
        assertThat(without.contains(3)).isTrue();
        assertThat(ExcerptIndex.empty(1).contains(0)).isFalse();
        assertThat(ExcerptIndex.empty(1).contains(42)).isFalse();
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> ExcerptKeys.decode("c2hvcnQ=")).hasMessageContaining("REVIEW_EXCERPT_KEY").hasMessageNotContaining("c2hvcnQ");
        assertThatThrownBy(() -> ExcerptKeys.decode("")).hasMessageContaining("REVIEW_EXCERPT_KEY");
    }

    private static Set<Long> grams(Letters l) {
        Set<Long> out = new HashSet<>();
        for (int p : F.select(l)) {
            out.add(F.gram(l, p));
        }
        return out;
    }

    private static Letters letters(String s) {
        return Letters.of(Normalizer.standard().normalize(s));
    }

    static String randomText(Random random, int letters) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < letters; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            if (random.nextInt(12) == 0) {
                b.append("，。；、 \n".charAt(random.nextInt(6)));
            }
        }
        return b.toString();
    }

    private static String differentLast(Random random, String s) {
        String t = randomText(random, 1 + random.nextInt(200));
        while (lastLetter(t) == lastLetter(s)) {
            t = t + ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return t;
    }

    private static String differentFirst(Random random, String s) {
        String t = randomText(random, 1 + random.nextInt(200));
        while (t.charAt(0) == s.charAt(0)) {
            t = ALPHABET.charAt(random.nextInt(ALPHABET.length())) + t;
        }
        return t;
    }

    private static char lastLetter(String s) {
        for (int i = s.length() - 1; i >= 0; i--) {
            if (Character.isLetterOrDigit(s.charAt(i))) {
                return s.charAt(i);
            }
        }
        return 0;
    }
}
