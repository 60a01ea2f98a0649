package cn.disclosure.review.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CSS as it appears in a {@code style} attribute (and, for {@link #contentStrings}, in a
 * {@code <style>} element): one canonical spelling, whether it hides the element, whether it
 * makes the browser load something, and the text it adds through {@code content:}.
 */
public final class InlineStyle {
    private static final Pattern ZERO = Pattern.compile("^-?(0+(\\.0*)?|\\.0+)(px|pt|em|rem|%|vw|vh|ex|ch|cm|mm|in)?$");
    private static final Pattern FAR_OFF = Pattern.compile("^-\\d{3,}(\\.\\d+)?(px|pt|em|rem|%|vw|vh|cm|mm|in)?$");
    private static final Pattern LOADS = Pattern.compile("url\\s*\\(|image-set\\s*\\(|expression\\s*\\(|@import|behavior\\s*:|-moz-binding",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CONTENT = Pattern.compile("(?i)(?<![\\w-])content\\s*:\\s*((?:\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|[^;}\"'])*)");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'((?:[^'\\\\]|\\\\.)*)'");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);

    private InlineStyle() {
    }

    /** One {@code property: value} of a style attribute; property lower-cased, value with spaces collapsed. */
    public record Declaration(String property, String value) {
    }

    public static List<Declaration> parse(String style) {
        List<Declaration> out = new ArrayList<>();
        if (style == null || style.isBlank()) {
            return out;
        }
        for (String part : COMMENT.matcher(style).replaceAll(" ").split(";")) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                if (!part.isBlank()) {
                    out.add(new Declaration(collapse(part).toLowerCase(Locale.ROOT), ""));
                }
                continue;
            }
            String property = collapse(part.substring(0, colon)).toLowerCase(Locale.ROOT);
            String value = collapse(part.substring(colon + 1));
            if (!property.isEmpty() || !value.isEmpty()) {
                out.add(new Declaration(property, value));
            }
        }
        return out;
    }

    /** {@code a: b; c: d} — declarations in their order, spacing and property case normalised. */
    public static String canonical(String style) {
        StringBuilder sb = new StringBuilder();
        for (Declaration d : parse(style)) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(d.property()).append(": ").append(d.value());
        }
        return sb.toString();
    }

    /**
     * Whether a browser would not show an element with this inline style: display:none,
     * visibility:hidden, zero font size or opacity, a zero box with overflow hidden, text moved far
     * off screen, clip to nothing.
     */
    public static boolean hides(String style) {
        boolean overflowHidden = false;
        boolean zeroBox = false;
        boolean positioned = false;
        boolean offScreen = false;
        for (Declaration d : parse(style)) {
            String value = d.value().replace("!important", "").strip().toLowerCase(Locale.ROOT);
            switch (d.property()) {
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
                case "clip", "clip-path" -> {
                    String v = value.replace(" ", "");
                    if (v.startsWith("rect(0,0,0,0)") || v.startsWith("rect(0000)") || v.startsWith("inset(50%)")
                            || v.startsWith("circle(0")) {
                        return true;
                    }
                }
                default -> {
                }
            }
        }
        return (overflowHidden && zeroBox) || (positioned && offScreen);
    }

    /** Whether the style makes the browser fetch or run something: url(), image-set(), expression(), bindings, @import. */
    public static boolean loadsResources(String css) {
        return css != null && LOADS.matcher(css).find();
    }

    /** The strings CSS adds as text ({@code content: "…"}), escapes decoded. */
    public static List<String> contentStrings(String css) {
        List<String> out = new ArrayList<>();
        if (css == null || css.isEmpty()) {
            return out;
        }
        Matcher m = CONTENT.matcher(COMMENT.matcher(css).replaceAll(" "));
        while (m.find()) {
            Matcher s = STRING.matcher(m.group(1));
            StringBuilder text = new StringBuilder();
            while (s.find()) {
                text.append(unescape(s.group(1) != null ? s.group(1) : s.group(2)));
            }
            if (!text.toString().isBlank()) {
                out.add(text.toString());
            }
        }
        return out;
    }

    /** CSS string escapes: {@code \"}, {@code \\}, hexadecimal code points ({@code \673A }). */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            int j = i + 1;
            int end = j;
            while (end < s.length() && end < j + 6 && Character.digit(s.charAt(end), 16) >= 0) {
                end++;
            }
            if (end > j) {
                int cp = Integer.parseInt(s.substring(j, end), 16);
                if (Character.isValidCodePoint(cp) && cp != 0) {
                    out.appendCodePoint(cp);
                }
                if (end < s.length() && Character.isWhitespace(s.charAt(end))) {
                    end++;
                }
                i = end - 1;
            } else if (s.charAt(j) != '\n') {
                out.append(s.charAt(j));
                i = j;
            } else {
                i = j;
            }
        }
        return out.toString();
    }

    private static String collapse(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }
}
