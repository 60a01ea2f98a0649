package cn.disclosure.review.content;

import cn.disclosure.review.web.Sha256;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

import java.text.Normalizer;
import java.util.Set;

/**
 * How the publish gate recognises approved content in what a CMS is about to publish.
 *
 * <p>A CMS re-renders the text it publishes: it wraps paragraphs in {@code <p>} or joins them with
 * {@code <br>}, adds {@code <span style>}, writes {@code &nbsp;} or {@code &#20013;} for characters,
 * re-indents. None of that changes what readers see, so both the approved body and the content the
 * CMS sends are reduced to their visible text before hashing:
 * <ol>
 *   <li>If the text contains HTML (a tag of a known HTML element, a comment or a character
 *       reference), it is parsed as HTML (jsoup) and only the text is kept: all tags and
 *       attributes are dropped, {@code <script>}, {@code <style>}, {@code <template>} and comments are
 *       dropped with their content, character references are decoded. Every embedded medium
 *       ({@code <img>}, {@code <video>}, {@code <audio>}, {@code <iframe>}, {@code <embed>},
 *       {@code <object>}) is kept as a placeholder {@code [媒体]}, so adding or removing an image
 *       is a change, while moving it to another host is not. Plain text is taken as it is.</li>
 *   <li>Unicode NFC normalisation.</li>
 *   <li>Every whitespace and invisible character is removed: spaces, tabs, line breaks, no-break
 *       space (U+00A0, {@code &nbsp;}), ideographic space (U+3000, the 全角 indentation), zero-width
 *       characters (U+200B–U+200D, U+2060, U+FEFF) and the soft hyphen. So {@code <p>}, {@code <br>},
 *       blank lines and indentation all compare equal.</li>
 * </ol>
 * The normalised text hash is the lowercase hex SHA-256 of the result (UTF-8). Any other change —
 * one character of text, punctuation, an image added — gives a different hash and the gate
 * refuses. Not compared: link targets, image sources, styling, and the attachments (the approval
 * binds them through the revision's content hash; the CMS must publish the approved files).
 * A CMS may send the body alone or the title followed by the body.
 */
public final class VisibleText {
    private static final Set<String> MEDIA = Set.of("img", "video", "audio", "iframe", "embed", "object");
    private static final Set<String> DROPPED = Set.of("script", "style", "template", "noscript", "head");
    static final String MEDIA_PLACEHOLDER = "[媒体]";

    private VisibleText() {
    }

    /** The visible text of {@code content} with all whitespace removed. */
    public static String normalize(String content) {
        if (content == null) {
            return "";
        }
        String text = Markup.looksLikeHtml(content) ? visibleText(content) : content;
        text = Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(cp -> !invisible(cp)).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** SHA-256 of {@link #normalize(String)}. */
    public static String hash(String content) {
        return Sha256.hex(normalize(content));
    }

    /** SHA-256 of the normalised title followed by the normalised body. */
    public static String hash(String title, String body) {
        return Sha256.hex(normalize(title) + normalize(body));
    }

    private static String visibleText(String html) {
        Element body = Jsoup.parse(html).body();
        StringBuilder sb = new StringBuilder();
        body.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (insideDropped(node)) { // also the fallback content inside <video>, <object>…
                    return;
                }
                if (node instanceof TextNode t) {
                    sb.append(t.getWholeText());
                } else if (node instanceof Element e && MEDIA.contains(e.normalName())) {
                    sb.append(MEDIA_PLACEHOLDER);
                }
            }
        });
        return sb.toString();
    }

    private static boolean insideDropped(Node node) {
        for (Node n = node; n != null; n = n.parent()) {
            if (n instanceof Element e && (DROPPED.contains(e.normalName()) || (n != node && MEDIA.contains(e.normalName())))) {
                return true;
            }
        }
        return false;
    }

    private static boolean invisible(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || cp == 0x00A0 || cp == 0x3000 || cp == 0x00AD
                || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF
                || Character.getType(cp) == Character.CONTROL;
    }
}
