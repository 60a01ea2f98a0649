package cn.disclosure.review.content;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What may appear in content published on a government site, as data (the way jsoup's
 * {@code Safelist} and OWASP's policies are data): which elements, which attributes, which URL
 * schemes. Everything a reader sees or a machine fetches is allowed when it is plain content —
 * text, structure, formatting, links, images, audio and video; active content is not: scripts and
 * event handlers, embedded documents (iframe, object, embed, SVG), style sheets and styles that
 * hide content or load resources, meta refresh, base, forms, {@code javascript:} and {@code data:}
 * URLs other than images. Elements not listed are refused too (fail closed), except Microsoft
 * Office's inline markers ({@code o:p}, smart tags), which are transparent.
 *
 * <p>Also says how each allowed element takes part in the canonical form ({@link Role}).
 */
public final class PublicationSafelist {

    /** How an element takes part in the canonical form. */
    public enum Role {
        /** No token of its own; its children count (html, body, Office markers…). */
        TRANSPARENT,
        /** A paragraph-like box: equivalent to a line break (p, div, br…); a token only when it has attributes. */
        BREAK,
        /** A structural block with a token of its own (headings, lists, tables…). */
        BLOCK,
        /** Inline content with a token of its own (links, emphasis, images…). */
        INLINE,
        /** Inline wrapper without meaning: a token only when it has attributes (span, font). */
        WRAPPER,
        /** Not allowed in published content. */
        FORBIDDEN
    }

    /** A reason the content is not publishable as it stands. */
    public record Violation(String kind, String message) {
    }

    private static final Map<String, Role> ROLES = new HashMap<>();
    private static final Map<String, String> FORBIDDEN = new HashMap<>();
    /** Spellings of the same thing a rich-text editor swaps freely. */
    private static final Map<String, String> SAME_AS = Map.of("b", "strong", "i", "em", "strike", "s", "tt", "code");

    static {
        for (String e : new String[]{"html", "head", "body", "wbr", "o:p"}) {
            ROLES.put(e, Role.TRANSPARENT);
        }
        for (String e : new String[]{"p", "div", "br", "section", "article", "main", "header", "footer", "nav", "aside",
                "address", "center", "hgroup"}) {
            ROLES.put(e, Role.BREAK);
        }
        for (String e : new String[]{"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table",
                "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col", "blockquote", "pre", "figure",
                "figcaption", "hr", "details", "summary", "title", "video", "audio", "picture"}) {
            ROLES.put(e, Role.BLOCK);
        }
        for (String e : new String[]{"a", "abbr", "acronym", "bdi", "bdo", "big", "cite", "code", "del", "dfn", "em",
                "img", "ins", "kbd", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small", "source", "strong", "sub",
                "sup", "time", "track", "u", "var", "nobr", "data"}) {
            ROLES.put(e, Role.INLINE);
        }
        ROLES.put("span", Role.WRAPPER);
        ROLES.put("font", Role.WRAPPER);
        forbid("script", "script", "脚本（<script>）");
        forbid("noscript", "script", "脚本替代内容（<noscript>）");
        forbid("template", "template", "模板（<template>，页面脚本可随时显示其中内容）");
        forbid("style", "style-element", "样式表（<style>，可增加或隐藏文字）");
        forbid("link", "link-element", "外部资源链接（<link>，如样式表）");
        forbid("meta", "meta", "页面元信息（<meta>，可自动跳转）");
        forbid("base", "base", "基准地址（<base>，改变全部链接的目标）");
        for (String e : new String[]{"form", "input", "button", "select", "textarea", "option", "optgroup", "label",
                "fieldset", "legend", "datalist", "output", "keygen"}) {
            forbid(e, "form", "表单（<" + e + ">）");
        }
        for (String e : new String[]{"iframe", "frame", "frameset", "object", "embed", "applet", "param", "portal",
                "fencedframe"}) {
            forbid(e, "embedded-content", "嵌入的外部内容（<" + e + ">）");
        }
        for (String e : new String[]{"svg", "math"}) {
            forbid(e, "svg", "矢量图形或公式（<" + e + ">，可包含脚本和外部资源）");
        }
        for (String e : new String[]{"canvas", "dialog", "slot", "map", "area", "marquee", "blink", "xml", "xmp",
                "plaintext", "listing"}) {
            forbid(e, "element", "不在发布白名单中的元素（<" + e + ">）");
        }
    }

    private static final Set<String> IGNORED_ATTRIBUTES = Set.of("loading", "decoding", "fetchpriority");
    private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "poster", "cite", "longdesc", "background",
            "action", "formaction", "data", "codebase", "usemap", "xlink:href", "ping", "manifest", "archive", "classid",
            "dynsrc", "lowsrc", "profile", "icon");
    private static final Set<String> MEDIA_ELEMENTS = Set.of("img", "video", "audio", "source", "track", "picture");
    private static final Set<String> IMAGE_DATA_TYPES = Set.of("image/png", "image/jpeg", "image/jpg", "image/gif",
            "image/webp", "image/bmp");
    private static final Set<String> SCHEMES = Set.of("http", "https", "mailto", "tel");

    private PublicationSafelist() {
    }

    private static void forbid(String element, String kind, String what) {
        ROLES.put(element, Role.FORBIDDEN);
        FORBIDDEN.put(element, kind + "\u0000" + what);
    }

    /** The name under which an element is compared (b and strong are the same thing). */
    public static String canonicalName(String element) {
        return SAME_AS.getOrDefault(element, element);
    }

    public static Role role(String element) {
        Role r = ROLES.get(element);
        if (r != null) {
            return r;
        }
        if (element.startsWith("st1:") || element.startsWith("o:")) {
            return Role.TRANSPARENT; // Word's smart tags and Office paragraph markers: no rendering of their own
        }
        return Role.FORBIDDEN;
    }

    /** Why an element is not allowed; empty when it is. */
    public static Optional<Violation> elementViolation(String element) {
        if (role(element) != Role.FORBIDDEN) {
            return Optional.empty();
        }
        String listed = FORBIDDEN.get(element);
        if (listed != null) {
            int cut = listed.indexOf('\u0000');
            return Optional.of(new Violation(listed.substring(0, cut), listed.substring(cut + 1)));
        }
        return Optional.of(new Violation("element", "不在发布白名单中的元素（<" + element + ">）"));
    }

    public static boolean ignored(String attribute) {
        return IGNORED_ATTRIBUTES.contains(attribute);
    }

    public static boolean isUrlAttribute(String attribute) {
        return URL_ATTRIBUTES.contains(attribute);
    }

    public static boolean isMediaElement(String element) {
        return MEDIA_ELEMENTS.contains(element);
    }

    /** Whether a URL in {@code attribute} of {@code element} loads a medium (image, audio, video) rather than linking. */
    public static boolean isMediaReference(String element, String attribute) {
        return MEDIA_ELEMENTS.contains(element) && (attribute.equals("src") || attribute.equals("srcset")
                || attribute.equals("poster"));
    }

    /** Why an attribute (with its raw value) is not allowed on {@code element}; empty when it is. */
    public static Optional<Violation> attributeViolation(String element, String attribute, String value) {
        if (attribute.startsWith("on")) {
            return Optional.of(new Violation("event-handler", "事件处理脚本（" + attribute + " 属性）"));
        }
        switch (attribute) {
            case "srcdoc" -> {
                return Optional.of(new Violation("embedded-content", "内嵌文档（srcdoc 属性）"));
            }
            case "hidden" -> {
                return Optional.of(new Violation("hiding-style", "隐藏的内容（hidden 属性）"));
            }
            case "style" -> {
                if (InlineStyle.hides(value)) {
                    return Optional.of(new Violation("hiding-style", "使内容不可见的样式（style 属性）"));
                }
                if (InlineStyle.loadsResources(value)) {
                    return Optional.of(new Violation("style-resource", "样式中引用外部资源或脚本（style 属性）"));
                }
                return Optional.empty();
            }
            case "srcset" -> {
                for (String candidate : value.split(",")) {
                    String url = candidate.strip().split("\\s+")[0];
                    Optional<Violation> v = urlViolation(element, "srcset", url);
                    if (v.isPresent()) {
                        return v;
                    }
                }
                return Optional.empty();
            }
            default -> {
                return isUrlAttribute(attribute) ? urlViolation(element, attribute, value) : Optional.empty();
            }
        }
    }

    private static Optional<Violation> urlViolation(String element, String attribute, String value) {
        Optional<String> scheme = UrlForm.scheme(value);
        if (scheme.isEmpty() || SCHEMES.contains(scheme.get())) {
            return Optional.empty();
        }
        if (scheme.get().equals("data") && isMediaReference(element, attribute)) {
            Optional<UrlForm.DataUrl> data = UrlForm.decodeData(value);
            if (data.isPresent() && IMAGE_DATA_TYPES.contains(data.get().mediaType().toLowerCase(Locale.ROOT))) {
                return Optional.empty();
            }
        }
        String kind = switch (scheme.get()) {
            case "javascript", "vbscript" -> "script-url";
            case "data" -> "data-url";
            default -> "url-scheme";
        };
        String what = switch (kind) {
            case "script-url" -> "脚本链接（" + scheme.get() + ":，" + attribute + " 属性）";
            case "data-url" -> "内嵌数据（data: 地址，仅允许图片，" + attribute + " 属性）";
            default -> "不允许的地址类型（" + scheme.get() + ":，" + attribute + " 属性）";
        };
        return Optional.of(new Violation(kind, what));
    }
}
