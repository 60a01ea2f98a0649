package cn.disclosure.review.content;

import java.util.List;

/**
 * One unit of {@link CanonicalContent}: a run of text, a line break, the start or end of an
 * element with its attributes in canonical form, a comment, or the raw data of a script or style.
 * {@code name} is the element name for OPEN/CLOSE and {@code "pre"} for preformatted text.
 */
public record Token(Kind kind, String name, List<Attribute> attributes, String text) {

    public enum Kind { TEXT, BREAK, OPEN, CLOSE, COMMENT, DATA }

    /** An attribute in canonical form (see {@link CanonicalContent}). */
    public record Attribute(String name, String value) {
    }

    static final Token BREAK = new Token(Kind.BREAK, null, List.of(), null);

    static Token text(String text) {
        return new Token(Kind.TEXT, null, List.of(), text);
    }

    static Token preformatted(String text) {
        return new Token(Kind.TEXT, "pre", List.of(), text);
    }

    static Token open(String name, List<Attribute> attributes) {
        return new Token(Kind.OPEN, name, List.copyOf(attributes), null);
    }

    static Token close(String name) {
        return new Token(Kind.CLOSE, name, List.of(), null);
    }

    static Token comment(String text) {
        return new Token(Kind.COMMENT, null, List.of(), text);
    }

    static Token data(String text) {
        return new Token(Kind.DATA, null, List.of(), text);
    }

    public boolean isText() {
        return kind == Kind.TEXT;
    }

    public boolean isPreformatted() {
        return kind == Kind.TEXT && "pre".equals(name);
    }

    public boolean isElement() {
        return kind == Kind.OPEN || kind == Kind.CLOSE;
    }

    /** The value of an attribute, or null. */
    public String attribute(String attributeName) {
        for (Attribute a : attributes) {
            if (a.name().equals(attributeName)) {
                return a.value();
            }
        }
        return null;
    }

    /** How the token reads in a diff shown to an editor. */
    public String render() {
        return switch (kind) {
            case TEXT -> text;
            case BREAK -> "↵";
            case OPEN -> {
                StringBuilder sb = new StringBuilder("<").append(name);
                for (Attribute a : attributes) {
                    sb.append(' ').append(a.name());
                    if (!a.value().isEmpty()) {
                        sb.append("=\"").append(a.value()).append('"');
                    }
                }
                yield sb.append('>').toString();
            }
            case CLOSE -> "</" + name + ">";
            case COMMENT -> "<!--" + text + "-->";
            case DATA -> text;
        };
    }

    /** An unambiguous serialisation (every value length-prefixed) for hashing. */
    void serialize(StringBuilder sb) {
        switch (kind) {
            case TEXT -> field(sb.append(isPreformatted() ? "P" : "T"), text);
            case BREAK -> sb.append('B');
            case OPEN -> {
                field(sb.append('O'), name);
                for (Attribute a : attributes) {
                    field(field(sb.append(' '), a.name()), a.value());
                }
            }
            case CLOSE -> field(sb.append('C'), name);
            case COMMENT -> field(sb.append('M'), text);
            case DATA -> field(sb.append('D'), text);
        }
        sb.append('\n');
    }

    private static StringBuilder field(StringBuilder sb, String value) {
        return sb.append(value.length()).append(':').append(value);
    }
}
