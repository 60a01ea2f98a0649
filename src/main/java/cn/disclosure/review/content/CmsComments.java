package cn.disclosure.review.content;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTML comments that are a CMS's own markup rather than text someone wrote: WordPress block
 * delimiters ({@code <!-- wp:paragraph -->}, {@code <!-- wp:image {"id":5} /-->},
 * {@code <!-- /wp:paragraph -->}) and its {@code <!--more-->}, {@code <!--nextpage-->},
 * {@code <!--noteaser-->} markers (a {@code <!--more Read on-->} with its own link text is text and is compared). They are not hidden content and do not take part in a
 * comparison; the JSON attributes of a block delimiter can still carry text and are inspected.
 */
public final class CmsComments {
    private static final Pattern BLOCK = Pattern.compile(
            "^\\s*/?wp:([a-z][a-z0-9_-]*/)?[a-z][a-z0-9_-]*(\\s+(\\{.*\\}))?\\s*/?\\s*$", Pattern.DOTALL);
    private static final Pattern MARKER = Pattern.compile("^\\s*(more|nextpage|noteaser)\\s*$", Pattern.DOTALL);

    private CmsComments() {
    }

    /** Whether a comment's data is CMS markup. */
    public static boolean isMarkup(String commentData) {
        return commentData != null && (BLOCK.matcher(commentData).matches() || MARKER.matcher(commentData).matches());
    }

    /** The JSON attributes of a WordPress block delimiter, when it has any. */
    public static Optional<String> blockAttributes(String commentData) {
        if (commentData == null) {
            return Optional.empty();
        }
        Matcher m = BLOCK.matcher(commentData);
        return m.matches() && m.group(3) != null ? Optional.of(m.group(3)) : Optional.empty();
    }
}
