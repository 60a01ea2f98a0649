package cn.disclosure.review.extract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

import cn.disclosure.review.content.CmsComments;
import cn.disclosure.review.content.InlineStyle;
import cn.disclosure.review.content.Markup;
import cn.disclosure.review.content.UrlForm;
import cn.disclosure.review.extract.ExtractedPart.Origin;

/**
 * Reads HTML (a draft body, an .html attachment, the content a CMS is about to publish) place by
 * place — every text the page carries: the visible text, HTML comments (a CMS's own markup such as
 * WordPress block delimiters is not a comment someone wrote: only its attribute values are read),
 * elements a browser does not show (display:none, visibility:hidden, the hidden attribute,
 * font-size:0, opacity:0, zero height with overflow hidden, text moved off screen, hidden inputs,
 * templates, noscript), text-bearing attributes (alt, title, aria-*, data-*, placeholder, label,
 * summary…), script text, text added by CSS ({@code content:}), documents inside {@code srcdoc}
 * and {@code data:} URLs, and the title and meta description/keywords/author. Images and other
 * files inlined as data: URIs are handed on as embedded files, so images are OCR'd like any other.
 */
final class HtmlReader {

    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table",
            "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "aside", "nav", "main",
            "blockquote", "pre", "dt", "dd", "dl", "hr", "option", "caption", "figcaption", "address", "center",
            "form", "fieldset", "legend", "textarea", "title");
    private static final Set<String> TEXT_ATTRIBUTES = Set.of("alt", "title", "placeholder", "label", "summary", "abbr",
            "content", "value", "download");
    private static final Set<String> DATA_CARRIERS = Set.of("src", "href", "data", "poster", "srcset", "background");
    private static final int MAX_NESTING = 3;
    private static final Pattern JSON_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(?=[,}\\]])");

    private final PlaceWriter out;
    private final String path;
    /** Reads a file found inside this one (path, bytes), as an embedded file. */
    private final BiConsumer<String, byte[]> embedded;
    private final PartSink sink;
    private final int nesting;
    private int files;

    HtmlReader(PartSink sink, String path, BiConsumer<String, byte[]> embedded) {
        this(sink, path, embedded, 0);
    }

    private HtmlReader(PartSink sink, String path, BiConsumer<String, byte[]> embedded, int nesting) {
        this.sink = sink;
        this.out = new PlaceWriter(sink);
        this.path = path;
        this.embedded = embedded;
        this.nesting = nesting;
    }

    /** Whether a draft body is markup rather than plain text (one answer for the whole service). */
    static boolean looksLikeHtml(String body) {
        return Markup.looksLikeHtml(body);
    }

    void read(String html) throws LimitReachedException {
        Document doc = Jsoup.parse(html);
        String title = doc.title();
        out.writeLine(path + "/metadata:title", Origin.METADATA, title);
        for (Element meta : doc.select("meta[name][content]")) {
            String name = meta.attr("name").toLowerCase(Locale.ROOT);
            if (Set.of("description", "keywords", "author", "subject").contains(name)) {
                out.writeLine(path + "/metadata:" + name, Origin.METADATA, meta.attr("content"));
            }
        }
        for (Node node : doc.childNodes()) {
            walk(node, false);
        }
    }

    private void walk(Node node, boolean hidden) throws LimitReachedException {
        if (node instanceof Comment comment) {
            if (CmsComments.isMarkup(comment.getData())) {
                Optional<String> attributes = CmsComments.blockAttributes(comment.getData());
                if (attributes.isPresent()) {
                    out.writeLine(path + "/block-attributes", Origin.METADATA, jsonStrings(attributes.get()));
                }
            } else {
                out.writeLine(path + "/html-comment", Origin.HIDDEN, comment.getData().strip());
            }
            return;
        }
        if (node instanceof TextNode text) {
            if (!text.isBlank()) {
                out.write(hidden ? path + "/hidden-element" : path, hidden ? Origin.HIDDEN : Origin.VISIBLE, text.getWholeText());
            }
            return;
        }
        if (node instanceof DataNode data) {
            Node parent = data.parent();
            if (parent instanceof Element e && "script".equals(e.normalName()) && !data.getWholeData().isBlank()) {
                out.writeLine(path + "/script", Origin.HIDDEN, data.getWholeData().strip());
            } else if (parent instanceof Element e && "style".equals(e.normalName())) {
                for (String added : InlineStyle.contentStrings(data.getWholeData())) {
                    out.writeLine(path + "/css-content", Origin.HIDDEN, added);
                }
            }
            return;
        }
        if (!(node instanceof Element element)) {
            return;
        }
        String tag = element.normalName();
        if ("title".equals(tag) || "meta".equals(tag)) {
            return;
        }
        if ("style".equals(tag)) {
            for (Node child : element.childNodes()) {
                walk(child, true);
            }
            return;
        }
        boolean hiddenHere = hidden || isHidden(element) || "noscript".equals(tag);
        if ("input".equals(tag)) {
            boolean hiddenInput = hiddenHere || "hidden".equalsIgnoreCase(element.attr("type"));
            out.writeLine(hiddenInput ? path + "/hidden-element" : path, hiddenInput ? Origin.HIDDEN : Origin.VISIBLE,
                    element.attr("value"));
        }
        for (Attribute attribute : element.attributes()) {
            String name = attribute.getKey().toLowerCase(Locale.ROOT);
            if (!("input".equals(tag) && "value".equals(name))) {
                attribute(name, attribute.getValue());
            }
        }
        if ("br".equals(tag) || BLOCKS.contains(tag)) {
            out.endLines();
        }
        for (Node child : element.childNodes()) {
            walk(child, hiddenHere);
        }
        if (BLOCKS.contains(tag)) {
            out.endLines();
        }
    }

    /** One attribute: its text when it carries text, the document or file inside a data: URL or srcdoc. */
    private void attribute(String name, String value) throws LimitReachedException {
        if (value == null || value.isBlank()) {
            return;
        }
        if (TEXT_ATTRIBUTES.contains(name) || name.startsWith("data-") || name.startsWith("aria-")) {
            out.writeLine(path + "/attribute:" + name, Origin.HIDDEN, value);
        } else if ("srcdoc".equals(name)) {
            nested(path + "/srcdoc", value);
        } else if (DATA_CARRIERS.contains(name)) {
            for (String url : "srcset".equals(name) ? srcsetUrls(value) : List.of(value)) {
                dataUrl(url);
            }
        }
    }

    /** A document or file inside a data: URL: images and other files are read as embedded files, HTML and text here. */
    private void dataUrl(String url) throws LimitReachedException {
        Optional<UrlForm.DataUrl> data = UrlForm.decodeData(url);
        if (data.isEmpty()) {
            return;
        }
        String type = data.get().mediaType();
        byte[] bytes = data.get().bytes();
        if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
            nested(path + "/data-url", new String(bytes, StandardCharsets.UTF_8));
        } else if (type.startsWith("text/")) {
            out.writeLine(path + "/data-url:text", Origin.HIDDEN, new String(bytes, StandardCharsets.UTF_8));
        } else {
            files++;
            embedded.accept(path + "/" + (type.startsWith("image/") ? "image-" : "file-") + files + extension(type), bytes);
        }
    }

    private void nested(String nestedPath, String html) throws LimitReachedException {
        if (nesting >= MAX_NESTING) {
            out.writeLine(nestedPath, Origin.HIDDEN, html);
            return;
        }
        new HtmlReader(sink, nestedPath, embedded, nesting + 1).read(html);
    }

    private static List<String> srcsetUrls(String srcset) {
        List<String> out = new ArrayList<>();
        for (String candidate : srcset.split(",")) {
            String c = candidate.strip();
            if (!c.isEmpty()) {
                out.add(c.split("\\s+")[0]);
            }
        }
        return out;
    }

    private static String extension(String type) {
        return switch (type) {
            case "image/jpeg", "image/pjpeg", "image/jpg" -> ".jpg";
            case "image/png" -> ".png";
            case "image/gif" -> ".gif";
            case "image/bmp" -> ".bmp";
            case "image/webp" -> ".webp";
            case "image/tiff" -> ".tif";
            case "image/svg+xml" -> ".svg";
            case "application/pdf" -> ".pdf";
            default -> "";
        };
    }

    /** The string values of a JSON object (block attributes), one a line; keys and numbers are not text. */
    static String jsonStrings(String json) {
        StringBuilder sb = new StringBuilder();
        Matcher m = JSON_STRING.matcher(json);
        while (m.find()) {
            sb.append(unescapeJson(m.group(1))).append('\n');
        }
        return sb.toString().strip();
    }

    private static String unescapeJson(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b', 'f' -> out.append(' ');
                case 'u' -> {
                    if (i + 4 < s.length() && s.substring(i + 1, i + 5).chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    /** Whether a browser would show the element: its own attributes and inline style only. */
    static boolean isHidden(Element element) {
        if (element.hasAttr("hidden") || "template".equals(element.normalName())) {
            return true;
        }
        return InlineStyle.hides(element.attr("style"));
    }
}
