package cn.disclosure.review.content;

import cn.disclosure.review.web.Sha256;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A URL as a browser reads it, in one normal form, so that two spellings of the same address
 * compare equal and any other change does not:
 * <ul>
 *   <li>leading and trailing spaces and control characters are stripped and tabs and line breaks
 *       inside are removed, as browsers do ({@code java&#9;script:} is {@code javascript:});</li>
 *   <li>scheme and host are lower-cased, the default port is dropped, an empty path becomes {@code /};</li>
 *   <li>percent-encoding: escapes of characters that need none (letters, digits, CJK…) are decoded,
 *       the others are written with upper-case hex; a raw space or other character that must be
 *       escaped is escaped;</li>
 *   <li>{@code data:} URLs are represented by their media type and the SHA-256 of the decoded bytes
 *       (a multi-megabyte image is compared by content, not by its base64 spelling).</li>
 * </ul>
 * Relative URLs stay relative: the canonical form does not know where a page will be published.
 */
public final class UrlForm {
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");
    private static final Pattern DATA = Pattern.compile("^data:([^,;]*)((?:;[^,;]*)*),", Pattern.CASE_INSENSITIVE);
    private static final String UNRESERVED_MARKS = "-._~";
    /** Characters written as they are in a normal-form URL (RFC 3986 reserved and unreserved, plus '%'). */
    private static final String KEEP = ":/?#[]@!$&'()*+,;=" + UNRESERVED_MARKS + "%";

    private UrlForm() {
    }

    /** A decoded {@code data:} URL. */
    public record DataUrl(String mediaType, byte[] bytes) {
    }

    /** The URL as a browser would use it: surrounding spaces/controls stripped, tabs and line breaks removed. */
    public static String asBrowserReadsIt(String raw) {
        if (raw == null) {
            return "";
        }
        int start = 0;
        int end = raw.length();
        while (start < end && raw.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && raw.charAt(end - 1) <= ' ') {
            end--;
        }
        StringBuilder sb = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = raw.charAt(i);
            if (c != '\t' && c != '\n' && c != '\r') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The lower-cased scheme, or empty for a relative URL. */
    public static Optional<String> scheme(String raw) {
        Matcher m = SCHEME.matcher(asBrowserReadsIt(raw));
        return m.find() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** The normal form of {@code raw}. */
    public static String normalize(String raw) {
        String s = asBrowserReadsIt(raw);
        Optional<String> scheme = scheme(s);
        if (scheme.isEmpty()) {
            return escapes(s);
        }
        String sch = scheme.get();
        String rest = s.substring(sch.length() + 1);
        switch (sch) {
            case "http", "https" -> {
                return sch + ":" + hierarchical(sch, rest);
            }
            case "data" -> {
                return decodeData(s).map(d -> "data:" + d.mediaType() + ";sha256=" + Sha256.hex(d.bytes()))
                        .orElse("data:invalid;sha256=" + Sha256.hex(s));
            }
            default -> {
                return sch + ":" + escapes(rest);
            }
        }
    }

    /** The path of an http(s) or relative URL without query and fragment, percent-decoded; used to name a file. */
    public static String lastPathSegment(String raw) {
        String s = asBrowserReadsIt(raw);
        int cut = s.length();
        for (char c : new char[]{'?', '#'}) {
            int i = s.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        String path = s.substring(0, cut);
        int slash = path.lastIndexOf('/');
        String last = slash >= 0 ? path.substring(slash + 1) : path;
        try {
            return URLDecoder.decode(last.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return last;
        }
    }

    /** The origin ({@code scheme://host[:port]}) of an absolute http(s) URL in normal form, else empty. */
    public static Optional<String> origin(String raw) {
        String n = normalize(raw);
        if (!n.startsWith("http://") && !n.startsWith("https://")) {
            return Optional.empty();
        }
        int from = n.indexOf("//") + 2;
        int end = from;
        while (end < n.length() && "/?#".indexOf(n.charAt(end)) < 0) {
            end++;
        }
        return Optional.of(n.substring(0, end));
    }

    /** Decodes a {@code data:} URL (base64 or percent-encoded); empty when it is not one or is malformed. */
    public static Optional<DataUrl> decodeData(String raw) {
        String s = asBrowserReadsIt(raw);
        Matcher m = DATA.matcher(s);
        if (!m.find()) {
            return Optional.empty();
        }
        String type = m.group(1).trim().toLowerCase(Locale.ROOT);
        if (type.isEmpty()) {
            type = "text/plain";
        }
        boolean base64 = m.group(2).toLowerCase(Locale.ROOT).contains(";base64");
        String payload = s.substring(m.end());
        try {
            byte[] bytes = base64 ? Base64.getMimeDecoder().decode(payload) : percentDecodeToBytes(payload);
            return Optional.of(new DataUrl(type, bytes));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String hierarchical(String scheme, String rest) {
        if (!rest.startsWith("//")) {
            return escapes(rest);
        }
        int end = 2;
        while (end < rest.length() && "/?#".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        String authority = rest.substring(2, end);
        String tail = rest.substring(end);
        int at = authority.lastIndexOf('@');
        String userinfo = at >= 0 ? authority.substring(0, at + 1) : "";
        String hostPort = at >= 0 ? authority.substring(at + 1) : authority;
        String host = hostPort;
        String port = "";
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0 && hostPort.indexOf(']', colon) < 0) {
            host = hostPort.substring(0, colon);
            port = hostPort.substring(colon + 1);
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (port.isEmpty() || ("http".equals(scheme) && "80".equals(port)) || ("https".equals(scheme) && "443".equals(port))) {
            port = "";
        } else {
            port = ":" + port.replaceFirst("^0+(?=\\d)", "");
        }
        if (tail.isEmpty() || tail.charAt(0) != '/') {
            tail = "/" + tail;
        }
        return "//" + escapes(userinfo) + host + port + escapes(tail);
    }

    /**
     * Percent-escapes in one form: an escape of a character that needs none is decoded (when the
     * escaped bytes are UTF-8), others get upper-case hex; a character that must be escaped is escaped.
     */
    static String escapes(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%' && isHex(s, i + 1)) {
                // gather a run of escapes and decode those that form characters needing no escape
                int j = i;
                ByteArrayOutputStream run = new ByteArrayOutputStream();
                while (j < s.length() && s.charAt(j) == '%' && isHex(s, j + 1)) {
                    run.write(Integer.parseInt(s.substring(j + 1, j + 3), 16));
                    j += 3;
                }
                appendRun(out, run.toByteArray());
                i = j;
                continue;
            }
            int cp = s.codePointAt(i);
            appendChar(out, cp);
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static boolean isHex(String s, int at) {
        return at + 1 < s.length() && Character.digit(s.charAt(at), 16) >= 0 && Character.digit(s.charAt(at + 1), 16) >= 0;
    }

    private static void appendRun(StringBuilder out, byte[] bytes) {
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            for (byte b : bytes) {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
            return;
        }
        decoded.codePoints().forEach(cp -> {
            if (needsNoEscape(cp)) {
                out.appendCodePoint(cp);
            } else {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            }
        });
    }

    private static void appendChar(StringBuilder out, int cp) {
        if (cp < 0x80 && (Character.isLetterOrDigit(cp) || KEEP.indexOf(cp) >= 0)) {
            out.appendCodePoint(cp);
        } else if (cp >= 0x80 && !Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && !Character.isISOControl(cp)) {
            out.appendCodePoint(cp); // IRI: non-ASCII letters stay readable
        } else {
            for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
    }

    /** Unreserved ASCII, or a non-ASCII character that is neither space nor control. */
    private static boolean needsNoEscape(int cp) {
        if (cp < 0x80) {
            return Character.isLetterOrDigit(cp) || UNRESERVED_MARKS.indexOf(cp) >= 0;
        }
        return !Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && !Character.isISOControl(cp)
                && Character.getType(cp) != Character.FORMAT;
    }

    private static byte[] percentDecodeToBytes(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%' && isHex(s, i + 1)) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(b, 0, b.length);
                i++;
            }
        }
        return out.toByteArray();
    }
}
