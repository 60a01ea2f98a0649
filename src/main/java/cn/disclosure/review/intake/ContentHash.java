package cn.disclosure.review.intake;

import cn.disclosure.review.web.Sha256;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The content hash of a revision: what a reviewer saw and what an approval is bound to.
 *
 * <p>Canonical form, UTF-8, one field per line, every value length-prefixed with its UTF-8 byte
 * length so no value can be confused with a separator:
 * <pre>
 * secrecy-review/content/v1
 * title:&lt;n&gt;:&lt;title&gt;
 * channel:&lt;n&gt;:&lt;WEBSITE|WECHAT|WEIBO&gt;
 * docNumber:&lt;n&gt;:&lt;文号, empty when none&gt;
 * body:&lt;n&gt;:&lt;body exactly as submitted&gt;
 * attachment:&lt;n&gt;:&lt;file name&gt;:&lt;lowercase hex SHA-256 of its bytes&gt;   (one line per attachment, in order;
 *                                                                   n counts "file name:hash")
 * </pre>
 * The content hash is the lowercase hex SHA-256 of those bytes. Planned URL and planned time are
 * not content and not hashed. Nothing is normalised here: one changed byte is a different
 * content; the publish gate's tolerant comparison uses {@code VisibleText} instead.
 */
public final class ContentHash {
    private ContentHash() {
    }

    public record Attachment(String filename, String sha256) {
    }

    public static String of(String title, Channel channel, String docNumber, String body, List<Attachment> attachments) {
        StringBuilder sb = new StringBuilder("secrecy-review/content/v1\n");
        field(sb, "title", title);
        field(sb, "channel", channel.name());
        field(sb, "docNumber", docNumber);
        field(sb, "body", body);
        for (Attachment a : attachments) {
            field(sb, "attachment", a.filename() + ":" + a.sha256());
        }
        return sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void field(StringBuilder sb, String name, String value) {
        String v = value == null ? "" : value;
        sb.append(name).append(':').append(v.getBytes(StandardCharsets.UTF_8).length).append(':').append(v).append('\n');
    }

    public static String sha256(byte[] bytes) {
        return Sha256.hex(bytes);
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
