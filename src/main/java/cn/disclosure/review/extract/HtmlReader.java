package cn.disclosure.review.extract;

import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

import cn.disclosure.review.extract.ExtractedPart.Origin;

/**
 * Reads HTML (a draft body or an .html attachment) place by place: the visible text, HTML
 * comments, elements a browser does not show (display:none, visibility:hidden, the hidden
 * attribute, font-size:0, opacity:0, zero height with overflow hidden, text moved off screen,
 * hidden inputs, templates), alt/title/aria-label attributes, script text, and the title and
 * meta description/keywords/author. Images inlined as data: URIs are handed on as embedded files
 * so they are OCR'd like any other image.
 */
final class HtmlReader {

    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table",
            "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "aside", "nav", "main",
            "blockquote", "pre", "dt", "dd", "dl", "hr", "option", "caption", "figcaption", "address", "center",
            "form", "fieldset", "legend", "textarea", "title");
    private static final String[] ATTRIBUTES = {"alt", "title", "aria-label"};
    private static final Pattern ZERO = Pattern.compile("^-?(0+(\\.0*)?|\\.0+)(px|pt|em|rem|%|vw|vh|ex|ch|cm|mm|in)?$");
    private static final Pattern FAR_OFF = Pattern.compile("^-\\d{3,}(\\.\\d+)?(px|pt|em|rem|%|vw|vh|cm|mm|in)?$");
    private static final Pattern DATA_IMAGE = Pattern.compile("^data:image/([a-z0-9.+-]+);base64,", Pattern.CASE_INSENSITIVE);

    private final PlaceWriter out;
    private final String path;
    /** Reads a file found inside this one (path, bytes), as an embedded file. */
    private final BiConsumer<String, byte[]> embedded;
    private int images;

    HtmlReader(PartSink sink, String path, BiConsumer<String, byte[]> embedded) {
        this.out = new PlaceWriter(sink);
        this.path = path;
        this.embedded = embedded;
    }

    /** Whether a draft body is markup rather than plain text. */
    static boolean looksLikeHtml(String body) {
        return MARKUP.matcher(body).find();
    }

    private static final Pattern MARKUP = Pattern.compile(
            "<(!--|!doctype|/?(html|head|body|p|div|span|br|img|a|table|tr|td|ul|ol|li|h[1-6]|font|b|i|u|strong|em|section|article|meta|title|style|script|input|template|sup|sub|center|blockquote|pre|hr)\\b)",
            Pattern.CASE_INSENSITIVE);

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
            out.writeLine(path + "/html-comment", Origin.HIDDEN, comment.getData().strip());
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
            }
            return;
        }
        if (!(node instanceof Element element)) {
            return;
        }
        String tag = element.normalName();
        if ("title".equals(tag) || "style".equals(tag) || "meta".equals(tag)) {
            return;
        }
        boolean hiddenHere = hidden || isHidden(element);
        for (String attribute : ATTRIBUTES) {
            if (element.hasAttr(attribute)) {
                out.writeLine(path + "/attribute:" + attribute, Origin.HIDDEN, element.attr(attribute));
            }
        }
        if ("input".equals(tag)) {
            boolean hiddenInput = hiddenHere || "hidden".equalsIgnoreCase(element.attr("type"));
            out.writeLine(hiddenInput ? path + "/hidden-element" : path, hiddenInput ? Origin.HIDDEN : Origin.VISIBLE,
                    element.attr("value"));
        }
        if ("img".equals(tag)) {
            inlineImage(element.attr("src"));
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

    private void inlineImage(String src) throws LimitReachedException {
        Matcher m = DATA_IMAGE.matcher(src);
        if (!m.find()) {
            return;
        }
        String data = src.substring(m.end()).replaceAll("\\s", "");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException notBase64) {
            return;
        }
        images++;
        String type = m.group(1).toLowerCase(Locale.ROOT);
        String extension = switch (type) {
            case "jpeg", "pjpeg" -> "jpg";
            case "svg+xml" -> "svg";
            default -> type;
        };
        embedded.accept(path + "/image-" + images + "." + extension, bytes);
    }

    /** Whether a browser would show the element: its own attributes and inline style only. */
    static boolean isHidden(Element element) {
        if (element.hasAttr("hidden") || "template".equals(element.normalName())) {
            return true;
        }
        String style = element.attr("style");
        if (style.isEmpty()) {
            return false;
        }
        boolean overflowHidden = false;
        boolean zeroBox = false;
        boolean positioned = false;
        boolean offScreen = false;
        for (String declaration : style.split(";")) {
            int colon = declaration.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String property = declaration.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = declaration.substring(colon + 1).replace("!important", "").strip().toLowerCase(Locale.ROOT);
            switch (property) {
                case "display" -> {
                    if ("none".equals(value)) {
                        return true;
                    }
                }
                case "visibility" -> {
                    if ("hidden".equals(value) || "collapse".equals(value)) {
                        return true;
                    }
                }
                case "font-size", "opacity" -> {
                    if (ZERO.matcher(value).matches()) {
                        return true;
                    }
                }
                case "overflow", "overflow-x", "overflow-y" -> overflowHidden |= "hidden".equals(value) || "clip".equals(value);
                case "height", "max-height", "width", "max-width" -> zeroBox |= ZERO.matcher(value).matches();
                case "position" -> positioned |= "absolute".equals(value) || "fixed".equals(value);
                case "left", "top", "right" -> offScreen |= FAR_OFF.matcher(value).matches();
                case "text-indent" -> {
                    if (FAR_OFF.matcher(value).matches()) {
                        return true;
                    }
                }
                case "clip" -> {
                    if (value.replace(" ", "").startsWith("rect(0,0,0,0)") || value.replace(" ", "").startsWith("rect(0000)")) {
                        return true;
                    }
                }
                default -> {
                }
            }
        }
        return (overflowHidden && zeroBox) || (positioned && offScreen);
    }
}
