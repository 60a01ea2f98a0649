package cn.disclosure.review.mailgate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An SMTP reply: a three-digit code, an optional enhanced status code (RFC 3463) and one or more
 * lines of text. Written as RFC 5321 multi-line replies ({@code 554-…} … {@code 554 …}); every
 * line, code and CRLF included, stays within 512 octets (RFC 5321 §4.5.3.1.5). Text is UTF-8
 * only when {@code utf8} is set (the client asked for SMTPUTF8, RFC 6531 §3.7.4.2); otherwise
 * every character outside printable ASCII is replaced, so a plain client never receives 8-bit text.
 */
public record SmtpReply(int code, String enhanced, List<String> lines) {
    /** Octets of one reply line, CRLF included (RFC 5321 §4.5.3.1.5). */
    public static final int MAX_LINE_OCTETS = 512;

    public SmtpReply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code " + code);
        }
        lines = lines == null || lines.isEmpty() ? List.of("") : List.copyOf(lines);
    }

    public static SmtpReply of(int code, String enhanced, String... lines) {
        return new SmtpReply(code, enhanced, List.of(lines));
    }

    /** A reply as received from the next hop, relayed as it is (its lines carry their own status codes). */
    public static SmtpReply relayed(int code, List<String> lines) {
        return new SmtpReply(code, null, lines);
    }

    public boolean positive() {
        return code < 400;
    }

    public boolean transientFailure() {
        return code >= 400 && code < 500;
    }

    /** The reply's octets: each text line wrapped to fit 512 octets, 8-bit text only when {@code utf8}. */
    public byte[] encode(boolean utf8) {
        String prefix = enhanced == null ? "" : enhanced + " ";
        int room = MAX_LINE_OCTETS - 4 - 2 - prefix.length();
        List<String> wrapped = new ArrayList<>();
        for (String line : lines) {
            String text = utf8 ? clean(line) : ascii(line);
            wrapped.addAll(wrap(text, room));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < wrapped.size(); i++) {
            String sep = i == wrapped.size() - 1 ? " " : "-";
            out.writeBytes((code + sep + prefix + wrapped.get(i) + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** The reply as one string (logs and tests), as a plain client would receive it. */
    @Override
    public String toString() {
        return new String(encode(false), StandardCharsets.US_ASCII).strip();
    }

    /** Control characters (CR and LF above all) never reach the wire: a reply line cannot be split or forged. */
    static String clean(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> b.appendCodePoint(cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ? ' ' : cp));
        return b.toString();
    }

    /** Printable ASCII only (RFC 5321 textstring); anything else becomes '?'. */
    static String ascii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> b.append(cp >= 0x20 && cp < 0x7f ? (char) cp : (cp == '\t' ? ' ' : '?')));
        return b.toString();
    }

    /** Octets of text in one encoded-word of a reply line: 45 octets are 60 base64 characters, a 72-character word (RFC 2047 allows 75). */
    static final int WORD_OCTETS = 45;
    /** Characters of encoded-words on one reply line: with the code and the enhanced code, far below 512 octets. */
    static final int ENCODED_LINE_CHARS = 400;

    /**
     * {@code text} as RFC 2047 encoded-words ({@code =?UTF-8?B?…?=}), each holding whole characters, laid
     * out on as many reply lines as needed: pure ASCII, every line within {@link #ENCODED_LINE_CHARS}.
     * A client that decodes each line (adjacent encoded-words join without the space between them)
     * and concatenates the lines gets {@code text} back. For clients that did not ask for SMTPUTF8.
     */
    static List<String> encodedLines(String text) {
        List<String> words = encodedWords(clean(text), WORD_OCTETS);
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String w : words) {
            if (line.length() > 0 && line.length() + 1 + w.length() > ENCODED_LINE_CHARS) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(w);
        }
        out.add(line.toString());
        return out;
    }

    /** Encoded-words of at most {@code maxOctets} UTF-8 octets of text each, never splitting a character. */
    static List<String> encodedWords(String text, int maxOctets) {
        List<String> out = new ArrayList<>();
        int i = 0;
        do {
            int end = i;
            int octets = 0;
            while (end < text.length()) {
                int cp = text.codePointAt(end);
                int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                if (octets + n > maxOctets) {
                    break;
                }
                octets += n;
                end += Character.charCount(cp);
            }
            out.add("=?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString(text.substring(i, end).getBytes(StandardCharsets.UTF_8)) + "?=");
            i = end;
        } while (i < text.length());
        return out;
    }

    /** Splits {@code text} into pieces of at most {@code maxOctets} UTF-8 octets, at spaces where possible, never inside a character. */
    static List<String> wrap(String text, int maxOctets) {
        List<String> out = new ArrayList<>();
        String rest = text;
        while (rest.getBytes(StandardCharsets.UTF_8).length > maxOctets) {
            int end = 0;
            int octets = 0;
            int lastSpace = -1;
            int lastSpaceOctets = 0;
            while (end < rest.length()) {
                int cp = rest.codePointAt(end);
                int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
                if (octets + n > maxOctets) {
                    break;
                }
                if (cp == ' ') {
                    lastSpace = end;
                    lastSpaceOctets = octets;
                }
                octets += n;
                end += Character.charCount(cp);
            }
            int cut = lastSpace > 0 && lastSpaceOctets > maxOctets / 2 ? lastSpace : end;
            out.add(rest.substring(0, cut));
            rest = rest.substring(cut).stripLeading();
        }
        out.add(rest);
        return out;
    }
}
