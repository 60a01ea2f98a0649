package cn.disclosure.review.content;

import java.util.regex.Pattern;

/** Whether a body is HTML or plain text: one answer for inspection, the canonical form and the visible text. */
public final class Markup {
    private static final Pattern LOOKS_LIKE_HTML = Pattern.compile(
            "(?i)<!--|<!doctype|&(#\\d+|#x[0-9a-f]+|[a-z][a-z0-9]{1,31});|</?(p|br|div|span|a|img|b|strong|i|em|u|s|font|center|"
                    + "h[1-6]|ul|ol|li|dl|dt|dd|table|thead|tbody|tfoot|tr|td|th|caption|section|article|header|footer|"
                    + "main|nav|aside|blockquote|pre|code|hr|sup|sub|small|big|figure|figcaption|iframe|video|audio|"
                    + "source|embed|object|html|body|head|meta|link|title|style|script|template|label|mark|del|ins|"
                    + "input|form|button|textarea|select|svg|math|noscript|base|frame|frameset|applet|picture|canvas|"
                    + "details|summary|time|q|cite|abbr|kbd|var|samp)\\b[^<>]*>");

    private Markup() {
    }

    /** True when {@code body} contains a tag of a known HTML element, a comment, a doctype or a character reference. */
    public static boolean looksLikeHtml(String body) {
        return body != null && LOOKS_LIKE_HTML.matcher(body).find();
    }
}
