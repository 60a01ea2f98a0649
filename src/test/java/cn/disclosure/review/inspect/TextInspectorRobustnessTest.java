package cn.disclosure.review.inspect;

import cn.disclosure.review.extract.ExtractedPart.Origin;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile text: whatever comes in, the inspector answers, and every finding points into the original. */
class TextInspectorRobustnessTest {
    private static final String ALPHABET = "密机绝秘★☆*＊※女大内部工作级：: 　\n\r\t0123456789０１２x×-_.·、|/()（）《》【】"
            + "\u200B\uFEFF\u202E\uFE0F\uD83C\uDF1F\uD800\uDC00\uDFFF\uF0AB标底招价审计稿年月日前长期启用身份证卡号账户手机"
            + "a Z\u0000\u0007";

    @Test
    void randomTextNeverBreaksTheInspectorAndOffsetsStayInTheOriginal() {
        TextInspector inspector = new TextInspector(Inspect.lexicon("t", "标底\tBLOCK\n招标底价\tBLOCK\n审计底稿\tWARN\n"
                + "标底&(招|价)\tWARN\n审计~稿\tINFO\n(机密|秘密) NEAR/3 (年|长期)\tWARN\n身份 NEAR/0 证\tINFO\n"));
        Random r = new Random(2024);
        for (int round = 0; round < 3000; round++) {
            StringBuilder b = new StringBuilder();
            int len = r.nextInt(120);
            for (int i = 0; i < len; i++) {
                b.append(r.nextInt(10) == 0 ? (char) r.nextInt(65536) : ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            }
            String text = b.toString();
            for (Origin origin : Origin.values()) {
                List<Finding> found = inspector.inspect("body", text, origin);
                for (Finding f : found) {
                    assertThat(f.start()).isBetween(0, text.length());
                    assertThat(f.end()).isBetween(f.start(), text.length());
                    assertThat(text.substring(f.start(), f.end())).isEqualTo(f.matched());
                    assertThat(f.severity()).isNotNull();
                    assertThat(f.message()).isNotBlank();
                }
            }
        }
    }

    @Test
    void aLongLineOfCitedMarkingsAfterALongRunOfSymbolsIsInspectedWhole() {
        TextInspector inspector = new TextInspector(Inspect.lexicon("t", "标底\tBLOCK\n"));
        String text = "—".repeat(50_000) + "标志如“机密★5年”，".repeat(20_000);
        List<Finding> found = inspector.inspect("body", text, Origin.VISIBLE);
        assertThat(found).hasSize(20_000).allMatch(f -> "classification-mark.cited".equals(f.rule()));
    }

    @Test
    void aLongTextWithManyHitsIsInspectedWhole() {
        TextInspector inspector = new TextInspector(Inspect.lexicon("t", "标底\tBLOCK\n"));
        String text = "公布标底。机密★5年。手机13905718888。".repeat(20_000);
        List<Finding> found = inspector.inspect("body", text, Origin.VISIBLE);
        assertThat(found).hasSize(60_000);
        assertThat(found.get(found.size() - 1).end()).isLessThanOrEqualTo(text.length());
    }
}
