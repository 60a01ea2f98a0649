package cn.disclosure.review.lexicon;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Lexicon settings, {@code review.lexicon.*}. */
@ConfigMapping(prefix = "review.lexicon")
public interface LexiconConfig {

    /** Folder with the starting lexicons ({@code *.tsv}, file name = lexicon name), relative to the working directory. */
    @WithDefault("lexicons")
    String directory();

    /** Most terms one lexicon may hold. */
    @WithDefault("1000000")
    int maxTerms();

    /** How often {@link LexiconRefresh} looks for lexicons replaced on another instance ({@code off} to disable). */
    @WithDefault("30s")
    String refreshInterval();

    /**
     * Terms of the synthetic lexicon parsed and compiled in the background after start, so that
     * the first real replacement runs on compiled code rather than in the interpreter (0 = off).
     */
    @WithDefault("100000")
    int warmUpTerms();
}
