package cn.disclosure.review.inspect;

import cn.disclosure.review.core.Severity;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;

/** Inspection settings, {@code review.inspect.*}. */
@ConfigMapping(prefix = "review.inspect")
public interface InspectConfig {

    /**
     * The verdict policy: signal id → severity, {@code review.inspect.policy."<signal-id>"=BLOCK}
     * (the quotes may be left out when the id has no dot). Signals not named weigh their declared
     * default; an id no recognizer declares stops the start. See {@link Policy}.
     */
    Map<String, Severity> policy();

    /**
     * Lexicon hits this many characters long or shorter count only when they sit on word
     * boundaries of the surrounding text (HanLP segmentation of a window); longer terms always count.
     */
    @WithDefault("3")
    int boundaryCheckMaxLength();

    /**
     * Word-boundary decisions remembered across checks (windows of text around short hits, with
     * the decision; held in memory only, never logged or stored). 0 turns the cache off.
     */
    @WithDefault("32768")
    int boundaryCacheEntries();

    CheckConfig check();

    interface CheckConfig {
        /** Most files in one multipart check request. */
        @WithDefault("20")
        int maxFiles();
    }
}
