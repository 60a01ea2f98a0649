package cn.disclosure.review.inspect;

import cn.disclosure.review.extract.ExtractedPart.Origin;
import cn.disclosure.review.lexicon.CompiledLexicon;
import cn.disclosure.review.lexicon.Lexicon;
import cn.disclosure.review.lexicon.LexiconParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs recognizers the way the engine does, without Quarkus. */
public final class Inspect {
    private Inspect() {
    }

    public static List<Finding> with(Recognizer r, String text) {
        return with(r, text, Origin.VISIBLE);
    }

    public static List<Finding> with(Recognizer r, String text, Origin origin) {
        return new TextInspector(List.of(r), Policy.defaults(), Map.of()).inspect("body", text, origin);
    }

    /** Lexicons from (name, TSV) pairs, version 1 each. */
    public static CompiledLexicon lexicon(String... nameAndTsv) {
        List<Lexicon> lexicons = new ArrayList<>();
        for (int i = 0; i < nameAndTsv.length; i += 2) {
            lexicons.add(new LexiconParser(1_000_000).parse(nameAndTsv[i], 1, nameAndTsv[i + 1]));
        }
        return CompiledLexicon.compile(lexicons);
    }

    public static List<String> matched(List<Finding> findings) {
        return findings.stream().map(Finding::matched).toList();
    }
}
