package cn.disclosure.review.inspect;

import cn.disclosure.review.core.Severity;
import cn.disclosure.review.extract.ExtractedPart.Origin;
import cn.disclosure.review.lexicon.CompiledLexicon;
import cn.disclosure.review.lexicon.Lexicon;
import cn.disclosure.review.lexicon.LexiconParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped lexicons (lexicons/*.tsv) on real public text (issue 10 §6): tender notices, law
 * articles and 保密宣传 never BLOCK; disclosed lists, amounts and markings still do.
 */
class ShippedLexiconPublicTextTest {
    private static TextInspector inspector;

    @BeforeAll
    static void shippedLexicons() throws IOException {
        List<Lexicon> lexicons = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("lexicons"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                String name = f.getFileName().toString().replace(".tsv", "");
                lexicons.add(new LexiconParser(1_000_000).parse(name, 1, Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        assertThat(lexicons).extracting(Lexicon::name).contains("sensitive-terms", "allow-near-misses");
        inspector = new TextInspector(CompiledLexicon.compile(lexicons));
    }

    static List<String> publicSentences() throws IOException {
        return lines("/inspect/public-sentences.txt");
    }

    static List<String> disclosures() throws IOException {
        return lines("/inspect/must-block.txt");
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = ShippedLexiconPublicTextTest.class.getResourceAsStream(resource)) {
            List<String> out = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.replace("\\n", "\n")).toList();
            assertThat(out).isNotEmpty();
            return out;
        }
    }

    @ParameterizedTest
    @MethodSource("publicSentences")
    void publicWordingNeverBlocks(String text) {
        List<Finding> found = inspector.inspect("body", text, Origin.VISIBLE);
        assertThat(found).as(text).noneMatch(f -> f.severity() == Severity.BLOCK);
    }

    @ParameterizedTest
    @MethodSource("disclosures")
    void disclosuresStillBlock(String text) {
        List<Finding> found = inspector.inspect("body", text, Origin.VISIBLE);
        assertThat(found).as(text).anyMatch(f -> f.severity() == Severity.BLOCK);
    }

    @org.junit.jupiter.api.Test
    void thereAreEnoughRealisticSentencesEachWay() throws IOException {
        assertThat(publicSentences()).hasSizeGreaterThanOrEqualTo(30);
        assertThat(disclosures()).hasSizeGreaterThanOrEqualTo(15);
    }
}
