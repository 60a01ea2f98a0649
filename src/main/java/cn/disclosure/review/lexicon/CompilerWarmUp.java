package cn.disclosure.review.lexicon;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Random;

/**
 * After start, parses and compiles a synthetic lexicon twice on a background thread and throws it
 * away. A cold JVM interprets the parser and automaton builder for most of a first 100,000-term
 * replacement (about three times slower than compiled); this way an administrator's first upload
 * after a restart runs at full speed. Touches neither the database nor the lexicons in force.
 */
@ApplicationScoped
public class CompilerWarmUp {
    private static final Logger LOG = Logger.getLogger(CompilerWarmUp.class);

    @Inject
    LexiconConfig config;

    void onStart(@Observes StartupEvent event) {
        int terms = config.warmUpTerms();
        if (terms <= 0) {
            return;
        }
        Thread t = new Thread(() -> run(terms), "lexicon-compiler-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    static void run(int terms) {
        long t0 = System.nanoTime();
        String tsv = syntheticLexicon(terms);
        for (int round = 0; round < 2; round++) {
            Lexicon parsed = new LexiconParser(Math.max(terms, 1)).parse("warm-up", 0, tsv);
            CompiledLexicon.compile(List.of(parsed));
        }
        LOG.debugf("词库编译预热完成（%d 条，%d ms）", terms, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Distinct 3–8-character terms of common Chinese characters, with severities, as a lexicon file. */
    static String syntheticLexicon(int terms) {
        Random random = new Random(20261129);
        StringBuilder tsv = new StringBuilder(terms * 12);
        java.util.Set<String> seen = new java.util.HashSet<>(terms * 2);
        while (seen.size() < terms) {
            int length = 3 + random.nextInt(6);
            StringBuilder term = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                term.append((char) (0x4E00 + random.nextInt(3000)));
            }
            String s = term.toString();
            if (seen.add(s)) {
                tsv.append(s).append('\t').append(seen.size() % 3 == 0 ? "BLOCK" : "WARN").append('\n');
            }
        }
        return tsv.toString();
    }
}
