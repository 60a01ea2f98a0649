package cn.disclosure.review.content;

import cn.disclosure.review.content.PublicationSafelist.Role;
import cn.disclosure.review.content.PublicationSafelist.Violation;
import cn.disclosure.review.web.Sha256;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.nodes.XmlDeclaration;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an approval binds and what the publish gate compares: content as readers and machines get
 * it, in one canonical form. HTML is parsed (jsoup) into a sequence of {@link Token}s — text, line
 * breaks, elements with every attribute in canonical form, comments — and plain text becomes text
 * and line breaks. Re-serialisations that change nothing a reader sees or a machine fetches give
 * the same tokens:
 * <ul>
 *   <li>entity spelling, tag and attribute-name case, attribute order and quoting, self-closing syntax;</li>
 *   <li>white space as HTML renders it: runs collapse to one space, none at the start or end of a
 *       line, none between blocks; the no-break and ideographic spaces (全角 indentation) count as
 *       spaces; zero-width characters and the soft hyphen do not count; Unicode NFC; inside
 *       {@code <pre>} white space is kept;</li>
 *   <li>paragraph reflow: {@code <p>}, {@code <div>}, {@code <br>} and line breaks of plain text are
 *       all one line break (several in a row are one), unless the box carries attributes;</li>
 *   <li>{@code <b>}/{@code <strong>}, {@code <i>}/{@code <em>}, {@code <strike>}/{@code <s>} are the same;
 *       {@code <span>}/{@code <font>} without attributes are nothing;</li>
 *   <li>the order of class names; spacing inside {@code style}; the spelling of URLs
 *       ({@link UrlForm}); the attributes {@code loading}, {@code decoding}, {@code fetchpriority};</li>
 *   <li>CMS markup comments ({@link CmsComments}: WordPress block delimiters, {@code <!--more-->}).</li>
 * </ul>
 * Everything else counts: one character of text, an attribute added or changed (alt, title,
 * data-*, class, style, width…), a link target, an image source, a srcset, a comment, an element
 * added or removed. The same pass checks the {@link PublicationSafelist} and reports what is not
 * publishable as {@link Violation}s.
 */
public final class CanonicalContent {
    private final List<Token> tokens;
    private final List<Violation> violations;
    private String hash;

    private CanonicalContent(List<Token> tokens, List<Violation> violations) {
        this.tokens = List.copyOf(tokens);
        this.violations = List.copyOf(violations);
    }

    /** The canonical form of a body: HTML when it {@linkplain Markup#looksLikeHtml looks like HTML}, else plain text. */
    public static CanonicalContent of(String body) {
        if (body == null || body.isEmpty()) {
            return new CanonicalContent(List.of(), List.of());
        }
        return Markup.looksLikeHtml(body) ? ofHtml(body) : ofPlainText(body);
    }

    public static CanonicalContent ofPlainText(String text) {
        List<Token> raw = new ArrayList<>();
        String lf = text.replace("\r\n", "\n").replace('\r', '\n');
        for (String line : lf.split("\n", -1)) {
            raw.add(Token.text(line));
            raw.add(Token.BREAK);
        }
        return new CanonicalContent(normalize(raw), List.of());
    }

    public static CanonicalContent ofHtml(String html) {
        Document doc = Jsoup.parse(html);
        Builder b = new Builder();
        for (Node n : doc.childNodes()) {
            b.node(n, false);
        }
        return new CanonicalContent(normalize(b.tokens), new ArrayList<>(b.violations));
    }

    public List<Token> tokens() {
        return tokens;
    }

    /** What is not publishable, one entry per kind and element/attribute; empty when all is allowed. */
    public List<Violation> violations() {
        return violations;
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    /** SHA-256 (hex) of the canonical serialisation. */
    public String hash() {
        if (hash == null) {
            StringBuilder sb = new StringBuilder("secrecy-review/canonical/v1\n");
            tokens.forEach(t -> t.serialize(sb));
            hash = Sha256.hex(sb.toString());
        }
        return hash;
    }

    /** The readable text: text tokens, a line break for each break, block element boundaries as line breaks. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Token t : tokens) {
            if (t.isText()) {
                sb.append(t.text());
            } else if (t.kind() == Token.Kind.BREAK || (t.isElement() && isBlock(t.name()))) {
                if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != '\n') {
                    sb.append('\n');
                }
            }
        }
        return sb.toString().strip();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CanonicalContent c && tokens.equals(c.tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    static boolean isBlock(String name) {
        return "block".equals(name) || PublicationSafelist.role(name) == Role.BLOCK;
    }

    /** Void elements that are content of their own (an image between two words is not white space). */
    static boolean isInlineObject(Token t) {
        return t.kind() == Token.Kind.OPEN && ("img".equals(t.name()) || "source".equals(t.name()) || "track".equals(t.name()));
    }

    // ---- building the raw token list from the parsed HTML ----

    private static final class Builder {
        final List<Token> tokens = new ArrayList<>();
        final Set<Violation> violations = new LinkedHashSet<>();

        void node(Node n, boolean pre) {
            if (n instanceof TextNode t) {
                tokens.add(pre ? Token.preformatted(t.getWholeText()) : Token.text(t.getWholeText()));
            } else if (n instanceof DataNode d) {
                if (!d.getWholeData().isBlank()) {
                    tokens.add(Token.data(collapse(d.getWholeData())));
                }
            } else if (n instanceof Comment c) {
                if (!CmsComments.isMarkup(c.getData())) {
                    tokens.add(Token.comment(collapse(c.getData())));
                }
            } else if (n instanceof Element e) {
                element(e, pre);
            } else if (n instanceof DocumentType || n instanceof XmlDeclaration) {
                // <!doctype html>, <?xml …?>: no content
            }
        }

        void element(Element e, boolean pre) {
            String tag = e.normalName();
            PublicationSafelist.elementViolation(tag).ifPresent(violations::add);
            Role role = PublicationSafelist.role(tag);
            String name = PublicationSafelist.canonicalName(tag);
            List<Token.Attribute> attrs = attributes(tag, e);
            boolean insidePre = pre || "pre".equals(name);
            switch (role) {
                case TRANSPARENT -> children(e, insidePre);
                case BREAK -> {
                    tokens.add(Token.BREAK);
                    if ("br".equals(name) || attrs.isEmpty()) {
                        children(e, insidePre);
                    } else {
                        tokens.add(Token.open("block", attrs));
                        children(e, insidePre);
                        tokens.add(Token.close("block"));
                    }
                    tokens.add(Token.BREAK);
                }
                case WRAPPER -> {
                    if (attrs.isEmpty()) {
                        children(e, insidePre);
                    } else {
                        wrap(e, name, attrs, insidePre);
                    }
                }
                case BLOCK, INLINE, FORBIDDEN -> wrap(e, name, attrs, insidePre);
            }
        }

        void wrap(Element e, String name, List<Token.Attribute> attrs, boolean pre) {
            tokens.add(Token.open(name, attrs));
            if (e.tag().isEmpty()) {
                return; // void element (img, hr, source…): no content, no end token
            }
            children(e, pre);
            tokens.add(Token.close(name));
        }

        void children(Element e, boolean pre) {
            for (Node child : e.childNodes()) {
                node(child, pre);
            }
        }

        List<Token.Attribute> attributes(String tag, Element e) {
            List<Token.Attribute> out = new ArrayList<>();
            for (Attribute a : e.attributes()) {
                String key = a.getKey().toLowerCase(Locale.ROOT);
                if (PublicationSafelist.ignored(key)) {
                    continue;
                }
                String value = a.getValue() == null ? "" : a.getValue();
                PublicationSafelist.attributeViolation(tag, key, value).ifPresent(violations::add);
                String canonical = switch (key) {
                    case "class" -> String.join(" ", new TreeSet<>(Arrays.asList(collapse(value).split(" "))));
                    case "style" -> InlineStyle.canonical(value);
                    case "srcset" -> srcset(value);
                    default -> PublicationSafelist.isUrlAttribute(key) ? UrlForm.normalize(value) : collapse(value);
                };
                if (canonical.isEmpty() && (key.equals("class") || key.equals("style"))) {
                    continue;
                }
                out.add(new Token.Attribute(key, canonical));
            }
            out.sort(Comparator.comparing(Token.Attribute::name));
            return out;
        }

        static String srcset(String value) {
            List<String> out = new ArrayList<>();
            for (String candidate : value.split(",")) {
                String c = candidate.strip();
                if (c.isEmpty()) {
                    continue;
                }
                String[] parts = c.split("\\s+", 2);
                out.add(UrlForm.normalize(parts[0]) + (parts.length > 1 ? " " + collapse(parts[1]).toLowerCase(Locale.ROOT) : ""));
            }
            return String.join(", ", out);
        }
    }

    // ---- white space and line breaks, as a browser renders them ----

    private static List<Token> normalize(List<Token> raw) {
        List<Token> out = new ArrayList<>();
        boolean lineStart = true;
        boolean lastSpace = false;
        for (Token t : raw) {
            switch (t.kind()) {
                case TEXT -> {
                    if (t.isPreformatted()) {
                        String s = clean(t.text().replace("\r\n", "\n").replace('\r', '\n'), false);
                        if (!s.isEmpty()) {
                            appendText(out, s, true);
                            lineStart = false;
                            lastSpace = false;
                        }
                        continue;
                    }
                    String s = clean(t.text(), true);
                    StringBuilder sb = new StringBuilder(s.length());
                    for (int i = 0; i < s.length(); i++) {
                        char c = s.charAt(i);
                        if (c == ' ') {
                            if (lineStart || lastSpace) {
                                continue;
                            }
                            lastSpace = true;
                        } else {
                            lastSpace = false;
                            lineStart = false;
                        }
                        sb.append(c);
                    }
                    if (!sb.isEmpty()) {
                        appendText(out, sb.toString(), false);
                    }
                }
                case BREAK -> {
                    trimLineEnd(out);
                    if (!out.isEmpty() && !endsLine(out.get(out.size() - 1))) {
                        out.add(Token.BREAK);
                    }
                    lineStart = true;
                    lastSpace = false;
                }
                case OPEN, CLOSE -> {
                    if (isBlock(t.name())) {
                        trimLineEnd(out);
                        while (!out.isEmpty() && out.get(out.size() - 1).kind() == Token.Kind.BREAK) {
                            out.remove(out.size() - 1);
                        }
                        lineStart = true;
                        lastSpace = false;
                    } else if (isInlineObject(t)) {
                        lineStart = false;
                        lastSpace = false;
                    }
                    out.add(t);
                }
                case COMMENT, DATA -> out.add(t);
            }
        }
        trimLineEnd(out);
        while (!out.isEmpty() && out.get(out.size() - 1).kind() == Token.Kind.BREAK) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static boolean endsLine(Token t) {
        return t.kind() == Token.Kind.BREAK || (t.isElement() && isBlock(t.name()));
    }

    private static void appendText(List<Token> out, String s, boolean pre) {
        if (!out.isEmpty()) {
            Token last = out.get(out.size() - 1);
            if (last.isText() && last.isPreformatted() == pre) {
                out.set(out.size() - 1, pre ? Token.preformatted(last.text() + s) : Token.text(last.text() + s));
                return;
            }
        }
        out.add(pre ? Token.preformatted(s) : Token.text(s));
    }

    /** Drops a space at the end of the line just ended (looking back over inline element boundaries and comments). */
    private static void trimLineEnd(List<Token> out) {
        for (int i = out.size() - 1; i >= 0; i--) {
            Token t = out.get(i);
            if (t.isText()) {
                if (!t.isPreformatted() && t.text().endsWith(" ")) {
                    String s = t.text().substring(0, t.text().length() - 1);
                    if (s.isEmpty()) {
                        out.remove(i);
                    } else {
                        out.set(i, Token.text(s));
                    }
                }
                return;
            }
            if (t.kind() == Token.Kind.BREAK || (t.isElement() && isBlock(t.name())) || isInlineObject(t)) {
                return;
            }
        }
    }

    /** NFC; invisible format characters removed; with {@code spaces}, every kind of white space becomes ' '. */
    private static String clean(String s, boolean spaces) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFC);
        StringBuilder sb = new StringBuilder(n.length());
        n.codePoints().forEach(cp -> {
            if (cp == 0x00AD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF) {
                return;
            }
            if (spaces && (Character.isWhitespace(cp) || Character.isSpaceChar(cp))) {
                sb.append(' ');
            } else if (Character.getType(cp) == Character.CONTROL && cp != '\n' && cp != '\t') {
                return;
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    /** NFC, white space collapsed to single spaces, trimmed: for attribute values and comments. */
    static String collapse(String s) {
        String c = clean(s, true);
        StringBuilder sb = new StringBuilder(c.length());
        boolean space = false;
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (ch == ' ') {
                space = !sb.isEmpty();
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
