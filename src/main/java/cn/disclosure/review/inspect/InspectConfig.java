package cn.disclosure.review.inspect;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Inspection settings, {@code review.inspect.*}. */
@ConfigMapping(prefix = "review.inspect")
public interface InspectConfig {

    /** The verdict policy: the severity each kind of finding weighs. */
    PolicyConfig policy();

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

    interface PolicyConfig {
        /** Any 国家秘密标志. */
        @WithDefault("BLOCK")
        Severity classificationMark();

        /** 内部 / 工作秘密 / 内部资料 注意保存 markings. */
        @WithDefault("WARN")
        Severity internalMarking();

        /** 居民身份证号码. */
        @WithDefault("BLOCK")
        Severity idCard();

        /** Bank card and account numbers. */
        @WithDefault("BLOCK")
        Severity bankCard();

        /** Personal mobile numbers. */
        @WithDefault("WARN")
        Severity mobile();

        /** Lexicon terms weigh their own severity, but at least this. */
        @WithDefault("INFO")
        Severity termFloor();

        /** What could not be read; never below WARN (fail closed). */
        @WithDefault("WARN")
        Severity unreadable();

        /** Text in comments, tracked deletions, hidden text, HTML hidden elements… */
        @WithDefault("WARN")
        Severity hiddenContent();

        /** Markup that is not publishable in an HTML body (scripts, embedded documents, hiding styles…). */
        @WithDefault("BLOCK")
        Severity activeContent();

        default Policy toPolicy() {
            return new Policy(classificationMark(), internalMarking(), idCard(), bankCard(), mobile(), termFloor(),
                    unreadable(), hiddenContent(), activeContent());
        }
    }

    interface CheckConfig {
        /** Most files in one multipart check request. */
        @WithDefault("20")
        int maxFiles();
    }
}
