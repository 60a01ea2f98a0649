package cn.disclosure.review.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares what is about to be published with what was approved, token by token
 * ({@link CanonicalContent}), and says what differs in words an editor can act on: text, a link,
 * a medium (image, audio, video) or other markup, each with a short excerpt of both sides.
 *
 * <p>URLs are equal when their {@linkplain UrlForm normal forms} are equal; besides that, a URL
 * the CMS rewrote is accepted when it denotes the same file:
 * <ul>
 *   <li>a root-relative URL of the approved content ({@code /uploads/a.png}) and the same path on
 *       the site being published to ({@code https://www.example.gov.cn/uploads/a.png});</li>
 *   <li>a URL whose file the CMS declared with a SHA-256 ({@link Files#declared}) that equals the
 *       approved file the approved URL referred to ({@link Files#approved}): an attachment of the
 *       same name, or the bytes of an approved {@code data:} image.</li>
 * </ul>
 */
public final class ContentComparison {
    private static final int EXCERPT = 120;
    private static final int CONTEXT = 12;
    private static final int MAX_DIFFERENCES = 10;

    /** What kind of change a difference is. */
    public enum Kind {
        /** Text changed (words, punctuation, line structure). */
        TEXT,
        /** A link target changed, was added or removed. */
        LINK,
        /** An image, audio or video changed, was added or removed. */
        MEDIA,
        /** Other markup: an attribute, a comment, formatting, structure. */
        MARKUP
    }

    /** One difference: its kind and what stands on each side (empty when added or removed). */
    public record Difference(Kind kind, String approved, String sent) {
    }

    /** How URLs of the two sides map to files. */
    public interface Files {
        /** The SHA-256 the publisher declared for the file at a URL of the sent content (normal form). */
        Optional<String> declared(String sentUrl);

        /** The SHA-256 of the approved file a URL of the approved content (normal form) refers to. */
        Optional<String> approved(String approvedUrl);

        Files NONE = new Files() {
            @Override
            public Optional<String> declared(String sentUrl) {
                return Optional.empty();
            }

            @Override
            public Optional<String> approved(String approvedUrl) {
                return Optional.empty();
            }
        };
    }

    private final Files files;
    private final String siteOrigin;

    /**
     * @param files      how URLs map to files
     * @param siteOrigin origin ({@code https://host}) of the page being published, when known
     */
    public ContentComparison(Files files, Optional<String> siteOrigin) {
        this.files = files;
        this.siteOrigin = siteOrigin.orElse(null);
    }

    /** The differences between {@code approved} and {@code sent}; empty when they are the same content. */
    public List<Difference> compare(CanonicalContent approved, CanonicalContent sent) {
        List<EditScript.Op<Token>> ops = EditScript.of(approved.tokens(), sent.tokens(), this::same);
        List<Difference> out = new ArrayList<>();
        List<Token> deleted = new ArrayList<>();
        List<Token> inserted = new ArrayList<>();
        for (EditScript.Op<Token> op : ops) {
            switch (op.kind()) {
                case DEL -> deleted.add(op.token());
                case INS -> inserted.add(op.token());
                case SAME -> flush(deleted, inserted, out);
            }
        }
        flush(deleted, inserted, out);
        return out.size() > MAX_DIFFERENCES ? List.copyOf(out.subList(0, MAX_DIFFERENCES)) : out;
    }

    private void flush(List<Token> deleted, List<Token> inserted, List<Difference> out) {
        if (deleted.isEmpty() && inserted.isEmpty()) {
            return;
        }
        Kind kind = classify(deleted, inserted);
        if (deleted.size() == 1 && inserted.size() == 1 && deleted.get(0).isText() && inserted.get(0).isText()) {
            String[] pair = excerptOfChange(deleted.get(0).text(), inserted.get(0).text());
            out.add(new Difference(kind, pair[0], pair[1]));
        } else {
            out.add(new Difference(kind, render(deleted), render(inserted)));
        }
        deleted.clear();
        inserted.clear();
    }

    /** Media if a medium is involved, else a link if one is, else text if only text changed, else markup. */
    private Kind classify(List<Token> deleted, List<Token> inserted) {
        boolean media = false;
        boolean link = false;
        boolean onlyText = true;
        for (List<Token> side : List.of(deleted, inserted)) {
            for (Token t : side) {
                if (t.isElement()) {
                    media |= PublicationSafelist.isMediaElement(t.name());
                    link |= "a".equals(t.name());
                }
                onlyText &= t.isText() || t.kind() == Token.Kind.BREAK;
            }
        }
        if (media) {
            return Kind.MEDIA;
        }
        if (link) {
            return Kind.LINK;
        }
        return onlyText ? Kind.TEXT : Kind.MARKUP;
    }

    // ---- equality ----

    private boolean same(Token a, Token s) {
        if (a.kind() != s.kind() || !Objects.equals(a.name(), s.name()) || !Objects.equals(a.text(), s.text())) {
            return false;
        }
        if (a.attributes().size() != s.attributes().size()) {
            return false;
        }
        for (int i = 0; i < a.attributes().size(); i++) {
            Token.Attribute x = a.attributes().get(i);
            Token.Attribute y = s.attributes().get(i);
            if (!x.name().equals(y.name())) {
                return false;
            }
            if (x.value().equals(y.value())) {
                continue;
            }
            boolean equivalent = "srcset".equals(x.name()) ? sameSrcset(x.value(), y.value())
                    : PublicationSafelist.isUrlAttribute(x.name()) && sameFile(x.value(), y.value());
            if (!equivalent) {
                return false;
            }
        }
        return true;
    }

    private boolean sameSrcset(String approved, String sent) {
        String[] a = approved.split(", ");
        String[] s = sent.split(", ");
        if (a.length != s.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            String[] x = a[i].split(" ", 2);
            String[] y = s[i].split(" ", 2);
            if (x.length != y.length || (x.length == 2 && !x[1].equals(y[1])) || !(x[0].equals(y[0]) || sameFile(x[0], y[0]))) {
                return false;
            }
        }
        return true;
    }

    /** Whether two URLs (normal forms) denote the same file, see the class comment. */
    boolean sameFile(String approved, String sent) {
        if (approved.equals(sent)) {
            return true;
        }
        if (siteOrigin != null && ((approved.startsWith("/") && !approved.startsWith("//") && sent.equals(siteOrigin + approved))
                || (sent.startsWith("/") && !sent.startsWith("//") && approved.equals(siteOrigin + sent)))) {
            return true;
        }
        Optional<String> declared = files.declared(sent);
        return declared.isPresent() && declared.equals(files.approved(approved));
    }

    // ---- what the editor sees ----

    private static String render(List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        for (Token t : tokens) {
            sb.append(t.render());
            if (sb.length() > EXCERPT) {
                break;
            }
        }
        return cut(sb.toString());
    }

    /** The changed part of two texts with a little context, e.g. "…下月举办健身…" / "…下月举办登山…". */
    static String[] excerptOfChange(String a, String b) {
        int p = 0;
        while (p < a.length() && p < b.length() && a.charAt(p) == b.charAt(p)) {
            p++;
        }
        int s = 0;
        while (s < a.length() - p && s < b.length() - p && a.charAt(a.length() - 1 - s) == b.charAt(b.length() - 1 - s)) {
            s++;
        }
        int from = Math.max(0, p - CONTEXT);
        return new String[]{excerpt(a, from, a.length() - s), excerpt(b, from, b.length() - s)};
    }

    private static String excerpt(String text, int from, int changedEnd) {
        int to = Math.min(text.length(), changedEnd + CONTEXT);
        from = Math.min(from, to);
        if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
            from--;
        }
        if (to < text.length() && to > 0 && Character.isHighSurrogate(text.charAt(to - 1))) {
            to++;
        }
        return (from > 0 ? "…" : "") + cut(text.substring(from, to)) + (to < text.length() ? "…" : "");
    }

    private static String cut(String s) {
        if (s.length() <= EXCERPT) {
            return s;
        }
        int end = EXCERPT;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }
}
