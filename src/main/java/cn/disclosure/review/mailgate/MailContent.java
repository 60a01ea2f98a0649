package cn.disclosure.review.mailgate;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * What of a message goes to the review service: the subject as the title; the header fields people
 * can read, the plain-text parts, multipart preambles and the subjects and headers of nested
 * messages as the text; every other part — HTML bodies, attachments, parts in an unknown
 * charset — as a file. Nested messages (message/rfc822, message/global) are opened and walked the
 * same way, to {@code maxDepth} levels. Files go to the service under names the gate makes up
 * ({@code att-3.docx}: the number, and the original extension for type detection); the original file
 * names are checked as text. What cannot be read becomes a problem code (fail closed: the service
 * answers BLOCK for it).
 */
final class MailContent {
    /** Header fields that carry routing, signatures or structure, not text a person wrote. */
    private static final Set<String> TECHNICAL_HEADERS = Set.of("received", "return-path", "message-id", "in-reply-to",
            "references", "date", "mime-version", "content-type", "content-transfer-encoding", "content-id",
            "content-disposition", "dkim-signature", "domainkey-signature", "authentication-results", "received-spf",
            "delivered-to", "x-original-to", "subject", "resent-message-id", "resent-date", "content-length",
            "x-mailer", "user-agent", "thread-index", "thread-topic", "importance", "priority", "x-priority",
            "content-language", "accept-language", "list-unsubscribe", "list-id", "autocrypt", "feedback-id");
    private static final Set<String> ADDRESS_HEADERS = Set.of("from", "to", "cc", "bcc", "reply-to", "sender",
            "resent-from", "resent-to", "resent-cc", "resent-sender", "disposition-notification-to");
    private static final byte[] UTF8_BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

    /** A file for the service: the made-up name and the decoded bytes; {@code label} says where it sits. */
    record File(String name, byte[] bytes, Location label) {
    }

    /** Where a part sits, said in Chinese and in English (the SMTP reply of a plain client). */
    record Location(String zh, String en) {
    }

    final String title;
    final String text;
    final List<File> files;
    final Set<String> problems;
    /** The message says it was sent automatically (Auto-Submitted, RFC 3834): no notice goes back to its sender. */
    final boolean autoSubmitted;

    private MailContent(String title, String text, List<File> files, Set<String> problems, boolean autoSubmitted) {
        this.title = title;
        this.text = text;
        this.files = files;
        this.problems = problems;
        this.autoSubmitted = autoSubmitted;
    }

    static Session session() {
        Properties p = new Properties();
        p.setProperty("mail.mime.allowutf8", "true");
        p.setProperty("mail.mime.decodefilename", "true");
        p.setProperty("mail.mime.decodeparameters", "true");
        p.setProperty("mail.mime.address.strict", "false");
        p.setProperty("mail.mime.base64.ignoreerrors", "false");
        return Session.getInstance(p);
    }

    /** Reads a message as received (CRLF lines, no dot-stuffing). */
    static MailContent of(byte[] message, int maxDepth) {
        Walker w = new Walker(maxDepth);
        String title = "";
        boolean auto = false;
        try {
            MimeMessage m = new MimeMessage(session(), new ByteArrayInputStream(message));
            title = subject(m);
            String[] as = m.getHeader("Auto-Submitted");
            auto = as != null && as.length > 0 && !as[0].strip().toLowerCase(Locale.ROOT).startsWith("no");
            w.headers(m);
            w.part(m, 0);
        } catch (MessagingException | IOException | RuntimeException e) {
            w.problems.add("malformed");
        }
        return new MailContent(title, w.text.toString().strip(), List.copyOf(w.files), Collections.unmodifiableSet(w.problems), auto);
    }

    private static String subject(MimeMessage m) throws MessagingException {
        String s = m.getSubject();
        return s == null ? "" : s.strip();
    }

    private static final class Walker {
        final int maxDepth;
        final StringBuilder text = new StringBuilder();
        final List<File> files = new ArrayList<>();
        final Set<String> problems = new LinkedHashSet<>();
        int nested;
        int attachments;

        Walker(int maxDepth) {
            this.maxDepth = maxDepth;
        }

        /** The header fields a person reads or could hide text in, decoded, one per line. */
        void headers(MimeMessage m) throws MessagingException {
            Enumeration<Header> all = m.getAllHeaders();
            while (all.hasMoreElements()) {
                Header h = all.nextElement();
                String name = h.getName().toLowerCase(Locale.ROOT);
                if (TECHNICAL_HEADERS.contains(name) || name.startsWith("x-review-") || name.startsWith("arc-")
                        || name.startsWith("list-")) {
                    continue;
                }
                String value = MimeUtility.unfold(h.getValue() == null ? "" : h.getValue());
                String shown = ADDRESS_HEADERS.contains(name) ? addresses(value) : decode(value);
                if (!shown.isBlank()) {
                    text.append(shown.strip()).append('\n');
                }
            }
        }

        /** Display names and addresses without angle brackets (which would read as markup). */
        private static String addresses(String value) {
            try {
                InternetAddress[] list = InternetAddress.parseHeader(value, false);
                StringBuilder b = new StringBuilder();
                for (Address a : list) {
                    InternetAddress ia = (InternetAddress) a;
                    if (ia.getPersonal() != null) {
                        b.append(ia.getPersonal()).append(' ');
                    }
                    b.append(ia.getAddress() == null ? "" : ia.getAddress()).append("; ");
                }
                return b.toString();
            } catch (AddressException e) {
                return decode(value).replace('<', ' ').replace('>', ' ');
            }
        }

        private static String decode(String value) {
            try {
                return MimeUtility.decodeText(value);
            } catch (UnsupportedEncodingException e) {
                return value;
            }
        }

        void part(Part p, int depth) throws MessagingException, IOException {
            if (depth > maxDepth) {
                problems.add("too-deep");
                return;
            }
            ContentType type = contentType(p);
            String base = type == null ? "application/octet-stream" : type.getBaseType().toLowerCase(Locale.ROOT);
            if (base.startsWith("multipart/")) {
                Object content = p.getContent();
                if (!(content instanceof Multipart mp)) {
                    problems.add("malformed");
                    return;
                }
                if (mp instanceof jakarta.mail.internet.MimeMultipart mm) {
                    String preamble = mm.getPreamble();
                    if (preamble != null && !preamble.isBlank()) {
                        text.append(preamble.strip()).append('\n');
                    }
                }
                for (int i = 0; i < mp.getCount(); i++) {
                    BodyPart bp = mp.getBodyPart(i);
                    part(bp, depth + 1);
                }
                return;
            }
            if (base.equals("message/rfc822") || base.equals("message/global")) {
                byte[] raw = decoded(p);
                if (raw == null) {
                    return;
                }
                nested++;
                MimeMessage inner = new MimeMessage(session(), new ByteArrayInputStream(raw));
                String s = subject(inner);
                if (!s.isEmpty()) {
                    text.append(s).append('\n');
                }
                headers(inner);
                part(inner, depth + 1);
                return;
            }
            if (base.equals("message/partial")) {
                problems.add("malformed"); // a fragment: the whole message can only be read where it is put together
                return;
            }
            String filename = filename(p);
            if (filename != null && !filename.isBlank()) {
                text.append(filename.strip()).append('\n'); // the original name is checked as text
            }
            String disposition = disposition(p);
            boolean inline = filename == null && !"attachment".equals(disposition);
            if (base.equals("text/plain") && inline) {
                String s = textOf(p);
                if (s != null) {
                    text.append(s).append('\n');
                    return;
                }
            }
            byte[] bytes = decoded(p);
            if (bytes == null) {
                return;
            }
            int n = files.size() + 1;
            boolean html = base.equals("text/html");
            if (!(html && inline)) {
                attachments++;
            }
            String label = nested > 0 ? "（附件邮件内）" : "";
            String labelEn = nested > 0 ? " (in an attached message)" : "";
            Location where = html && inline
                    ? new Location("HTML 正文" + label, "HTML body" + labelEn)
                    : new Location("第 " + attachments + " 个附件" + label, "attachment " + attachments + labelEn);
            if (base.equals("text/plain") && !hasBom(bytes)) {
                bytes = withBom(bytes, type);
            }
            files.add(new File("att-" + n + extension(filename, base), bytes, where));
        }

        /** Text of a text/plain part, or null when its charset is unknown (the bytes then go as a file). */
        private String textOf(Part p) throws MessagingException {
            try {
                Object c = p.getContent();
                return c instanceof String s ? s : null;
            } catch (UnsupportedEncodingException e) {
                return null;
            } catch (IOException e) {
                // the message is in memory: nothing but its transfer encoding can fail here
                problems.add("undecodable-part");
                return "";
            }
        }

        /** A part's bytes with its transfer encoding undone; null (and a problem) when they cannot be. */
        private byte[] decoded(Part p) throws MessagingException {
            try (InputStream in = p.getInputStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                problems.add("undecodable-part");
                return null;
            }
        }

        private static ContentType contentType(Part p) {
            try {
                String ct = p.getContentType();
                return ct == null ? new ContentType("text/plain; charset=us-ascii") : new ContentType(ct);
            } catch (MessagingException e) {
                return null;
            }
        }

        private static String filename(Part p) {
            try {
                return p.getFileName();
            } catch (MessagingException e) {
                return null;
            }
        }

        private static String disposition(Part p) {
            try {
                String d = p.getDisposition();
                return d == null ? null : d.toLowerCase(Locale.ROOT);
            } catch (MessagingException e) {
                return null;
            }
        }

        private static boolean hasBom(byte[] b) {
            return b.length >= 3 && b[0] == UTF8_BOM[0] && b[1] == UTF8_BOM[1] && b[2] == UTF8_BOM[2];
        }

        /** A text part in a known charset goes as UTF-8 with a byte order mark, so no guess is needed to read it. */
        private static byte[] withBom(byte[] bytes, ContentType type) {
            String cs = type == null ? null : type.getParameter("charset");
            if (cs == null) {
                return bytes;
            }
            try {
                String s = new String(bytes, MimeUtility.javaCharset(cs));
                byte[] u = s.getBytes(StandardCharsets.UTF_8);
                byte[] out = new byte[u.length + 3];
                System.arraycopy(UTF8_BOM, 0, out, 0, 3);
                System.arraycopy(u, 0, out, 3, u.length);
                return out;
            } catch (UnsupportedEncodingException | RuntimeException e) {
                return bytes;
            }
        }

        /** The original extension (letters and digits, up to 10) for type detection, or one from the MIME type. */
        static String extension(String filename, String base) {
            if (filename != null) {
                int dot = filename.lastIndexOf('.');
                if (dot >= 0) {
                    String ext = filename.substring(dot + 1).toLowerCase(Locale.ROOT);
                    if (ext.matches("[a-z0-9]{1,10}")) {
                        return "." + ext;
                    }
                }
            }
            return switch (base) {
                case "text/html" -> ".html";
                case "text/plain" -> ".txt";
                case "text/csv" -> ".csv";
                case "text/calendar" -> ".ics";
                case "application/pdf" -> ".pdf";
                case "message/rfc822" -> ".eml";
                default -> base.startsWith("image/") ? "." + base.substring(6).replaceAll("[^a-z0-9]", "") : "";
            };
        }
    }
}
