package cn.disclosure.review.lexicon;

import cn.disclosure.review.core.Severity;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CompiledLexiconTest {

    @Test
    void lexiconsMergeIntoOneAutomatonWithTheirVersions() {
        LexiconParser p = new LexiconParser(1000);
        CompiledLexicon c = CompiledLexicon.compile(List.of(
                p.parse("a", 4, "标底\tWARN\t甲\n招标底价\tBLOCK\n"),
                p.parse("b", 2, "标底\tBLOCK\t乙\n"),
                p.parse("allow-x", 7, "目标底线\n标底\n")));
        assertThat(c.versions()).containsEntry("a", 4).containsEntry("b", 2).containsEntry("allow-x", 7);
        assertThat(c.size()).isEqualTo(3);
        assertThat(c.severityOf("标底")).isEqualTo(Severity.BLOCK);
        assertThat(c.severityOf("目标底线")).isNull();
        List<String> hits = new ArrayList<>();
        c.scan("目标底线与招标底价".toCharArray(), (b, e, t) -> hits.add(t.key() + (t.allow() ? "+allow" : "") + ":" + t.lexicon()));
        assertThat(hits).containsExactlyInAnyOrder("目标底线+allow:allow-x", "标底+allow:b", "招标底价:a", "标底+allow:b");
    }

    @Test
    void aHundredThousandTermsCompileAndMatch() {
        Random r = new Random(1);
        StringBuilder tsv = new StringBuilder();
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            StringBuilder t = new StringBuilder();
            int len = 2 + r.nextInt(5);
            for (int k = 0; k < len; k++) {
                t.append((char) (0x4E00 + r.nextInt(6000)));
            }
            tsv.append(t).append(i % 3 == 0 ? "\tBLOCK\n" : "\tWARN\n");
        }
        Lexicon l = new LexiconParser(1_000_000).parse("big", 1, tsv.toString());
        for (int i = 0; i < l.entries().size(); i += 10_000) {
            sample.add(l.entries().get(i).key());
        }
        CompiledLexicon c = CompiledLexicon.compile(List.of(l));
        assertThat(c.size()).isGreaterThan(99_000);
        assertThat(sample).hasSize(10);
        for (String t : sample) {
            List<String> hits = new ArrayList<>();
            c.scan(("前文" + t + "后文").toCharArray(), (b, e, v) -> hits.add(v.key()));
            assertThat(hits).contains(t);
        }
    }
}
