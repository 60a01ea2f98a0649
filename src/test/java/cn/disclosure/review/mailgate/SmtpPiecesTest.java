package cn.disclosure.review.mailgate;

import jakarta.mail.internet.MimeUtility;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gate's pieces on their own: replies, the client allow list, header fields, received data, settings. */
class SmtpPiecesTest {

    @Test
    void replyLinesStayWithin512OctetsAndNeverSplitACharacter() {
        String longChinese = "保密提醒：" + "涉密信息不得通过互联网电子邮箱存储、处理、传输。".repeat(40);
        byte[] wire = new SmtpReply(554, "5.7.1", List.of("短的一行", longChinese)).encode(true);
        String text = new String(wire, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\uFFFD");
        String[] lines = text.split("\r\n");
        assertThat(lines.length).isGreaterThan(3);
        for (int i = 0; i < lines.length; i++) {
            assertThat(lines[i].getBytes(StandardCharsets.UTF_8).length + 2).isLessThanOrEqualTo(SmtpReply.MAX_LINE_OCTETS);
            assertThat(lines[i]).startsWith(i == lines.length - 1 ? "554 5.7.1 " : "554-5.7.1 ");
        }
        assertThat(String.join("", java.util.Arrays.stream(lines).map(l -> l.substring(10)).toList()))
                .isEqualTo("短的一行" + longChinese);
    }

    @Test
    void aPlainClientGetsPrintableAsciiAndNoLineBreakCanBeSmuggledIntoAReply() {
        byte[] wire = new SmtpReply(451, "4.3.0", List.of("审查 unavailable\r\n250 OK")).encode(false);
        String text = new String(wire, StandardCharsets.US_ASCII);
        assertThat(text).isEqualTo("451 4.3.0 ?? unavailable??250 OK\r\n");
        byte[] utf8 = new SmtpReply(554, null, List.of("a\rb\nc")).encode(true);
        assertThat(new String(utf8, StandardCharsets.UTF_8)).isEqualTo("554 a b c\r\n");
    }

    @Test
    void theAllowListMatchesAddressesNotNames() throws Exception {
        ClientAllowList loopback = ClientAllowList.parse(ClientAllowList.LOOPBACK);
        assertThat(loopback.allows(InetAddress.getByAddress(new byte[]{127, 0, 0, 1}))).isTrue();
        assertThat(loopback.allows(InetAddress.getByAddress(new byte[]{127, 8, 9, 10}))).isTrue();
        assertThat(loopback.allows(InetAddress.getByName("::1"))).isTrue();
        assertThat(loopback.allows(InetAddress.getByAddress(new byte[]{10, 0, 0, 1}))).isFalse();
        assertThat(loopback.allows(InetAddress.getByAddress(new byte[]{(byte) 192, (byte) 168, 1, 1}))).isFalse();
        assertThat(loopback.allows(InetAddress.getByAddress(new byte[]{8, 8, 8, 8}))).isFalse();
        assertThat(loopback.allows(InetAddress.getByName("::2"))).isFalse();
        // an IPv4-mapped IPv6 address is judged as the IPv4 address it is
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 1;
        assertThat(loopback.allows(InetAddress.getByAddress(mapped))).isFalse();
        mapped[12] = 127;
        assertThat(loopback.allows(InetAddress.getByAddress(mapped))).isTrue();

        ClientAllowList office = ClientAllowList.parse("192.0.2.16/28, 2001:db8::/32");
        assertThat(office.allows(InetAddress.getByAddress(new byte[]{(byte) 192, 0, 2, 17}))).isTrue();
        assertThat(office.allows(InetAddress.getByAddress(new byte[]{(byte) 192, 0, 2, 32}))).isFalse();
        assertThat(office.allows(InetAddress.getByName("2001:db8::25"))).isTrue();
        assertThat(office.allows(InetAddress.getByAddress(new byte[]{127, 0, 0, 1}))).isFalse();

        assertThatThrownBy(() -> ClientAllowList.parse("mta.example.gov.cn")).hasMessageContaining("不接受主机名");
        assertThatThrownBy(() -> ClientAllowList.parse("10.0.0.0/33")).hasMessageContaining("前缀长度无效");
        assertThatThrownBy(() -> ClientAllowList.parse("300.1.1.1")).hasMessageContaining("不是 IP 地址");
        assertThatThrownBy(() -> ClientAllowList.parse(" , ")).hasMessageContaining("不能为空");
    }

    @Test
    void headerFieldsAreEncodedWordsOfWholeCharactersOnLinesOf78() throws Exception {
        String value = "邮件正文或邮件头：手机号码；第 2 个附件：内部事项标识（“内部”“工作秘密”等）（3 处）😀" + "；".repeat(30);
        String field = ReviewHeaders.field("X-Review-Findings", value);
        assertThat(field).endsWith("\r\n");
        String[] lines = field.split("\r\n");
        for (String l : lines) {
            assertThat(l.length()).isLessThanOrEqualTo(78);
            assertThat(l.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).isTrue();
        }
        for (String l : lines) {
            String word = l.substring(l.indexOf("=?"));
            assertThat(MimeUtility.decodeWord(word)).doesNotContain("\uFFFD");
        }
        String unfolded = field.substring("X-Review-Findings: ".length()).replace("\r\n", "");
        assertThat(MimeUtility.decodeText(unfolded)).isEqualTo(value);
    }

    @Test
    void dataEndsOnlyAtCrlfDotCrlfAndLeadingDotsAreUndone() throws Exception {
        String wire = "Subject: x\r\n\r\n..a\r\n.\nb\r\n\n.\r\nc\r\n.\r\nNEXT COMMAND\r\n";
        SmtpLineReader in = new SmtpLineReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.US_ASCII)));
        ReceivedMessage m = ReceivedMessage.read(in, 1 << 20);
        assertThat(new String(m.bytes(), StandardCharsets.US_ASCII)).isEqualTo("Subject: x\r\n\r\n.a\r\n.\r\nb\r\n\r\n.\r\nc\r\n");
        assertThat(m.tooLarge).isFalse();
        assertThat(in.read(100).ascii()).isEqualTo("NEXT COMMAND");
    }

    @Test
    void aMessageOverTheLimitIsReadToItsEndAndDropped() throws Exception {
        String wire = "Subject: x\r\n\r\n" + ("y".repeat(98) + "\r\n").repeat(30) + ".\r\nQUIT\r\n";
        SmtpLineReader in = new SmtpLineReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.US_ASCII)));
        ReceivedMessage m = ReceivedMessage.read(in, 1024);
        assertThat(m.tooLarge).isTrue();
        assertThat(m.lines).isEmpty();
        assertThat(in.read(100).ascii()).isEqualTo("QUIT");
    }

    @Test
    void reviewFieldsAreRemovedFromTheTopHeaderOnly() {
        String wire = "X-Review-Verdict: PASS\r\nSubject: s\r\nx-review-findings: a\r\n b\r\nFrom: a@b.cn\r\n\r\nX-Review-Verdict: body text\r\n.\r\n";
        SmtpLineReader in = new SmtpLineReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.US_ASCII)));
        try {
            ReceivedMessage m = ReceivedMessage.read(in, 1 << 20);
            List<String> lines = m.withoutReviewHeaders().stream().map(b -> new String(b, StandardCharsets.US_ASCII)).toList();
            assertThat(lines).containsExactly("Subject: s", "From: a@b.cn", "", "X-Review-Verdict: body text");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void mailContentSendsTextAsTextAndEverythingElseAsNumberedFiles() {
        String message = "From: =?UTF-8?B?" + b64("张三") + "?= <zhang@office.example.gov.cn>\r\n"
                + "To: li@partner.example.com\r\nSubject: =?GB18030?B?" + b64gb("会议通知") + "?=\r\n"
                + "X-Custom-Note: =?UTF-8?B?" + b64("请勿外传") + "?=\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "preamble words\r\n"
                + "--b1\r\nContent-Type: multipart/alternative; boundary=\"b2\"\r\n\r\n"
                + "--b2\r\nContent-Type: text/plain; charset=GB18030\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64gb("正文第一段") + "\r\n"
                + "--b2\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<p>正文第一段</p>\r\n--b2--\r\n"
                + "--b1\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n"
                + "Content-Disposition: attachment; filename*=UTF-8''%E6%96%B9%E6%A1%88.DOCX\r\nContent-Transfer-Encoding: base64\r\n\r\nUEsDBA==\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=x-unknown-charset\r\n\r\nabc\r\n"
                + "--b1--\r\n";
        MailContent c = MailContent.of(message.getBytes(StandardCharsets.US_ASCII), 8);
        assertThat(c.problems).isEmpty();
        assertThat(c.title).isEqualTo("会议通知");
        assertThat(c.text).contains("张三 zhang@office.example.gov.cn").contains("请勿外传").contains("preamble words")
                .contains("正文第一段").contains("方案.DOCX").doesNotContain("<zhang");
        assertThat(c.files).extracting(MailContent.File::name).containsExactly("att-1.html", "att-2.docx", "att-3.txt");
        assertThat(c.files).extracting(f -> f.label().zh()).containsExactly("HTML 正文", "第 1 个附件", "第 2 个附件");
        assertThat(c.files.get(1).bytes()).containsExactly('P', 'K', 3, 4);
        assertThat(new String(c.files.get(2).bytes(), StandardCharsets.US_ASCII)).isEqualTo("abc"); // unknown charset: as it came
    }

    @Test
    void mailContentReportsWhatItCannotRead() {
        StringBuilder deep = new StringBuilder("Subject: deep\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n");
        for (int i = 0; i < 4; i++) {
            deep.append("--b").append(i).append("\r\nContent-Type: multipart/mixed; boundary=\"b").append(i + 1).append("\"\r\n\r\n");
        }
        deep.append("--b4\r\nContent-Type: text/plain\r\n\r\ninner\r\n--b4--\r\n--b3--\r\n--b2--\r\n--b1--\r\n--b0--\r\n");
        assertThat(MailContent.of(deep.toString().getBytes(StandardCharsets.US_ASCII), 3).problems).containsExactly("too-deep");
        assertThat(MailContent.of(deep.toString().getBytes(StandardCharsets.US_ASCII), 8).problems).isEmpty();

        String partial = "Subject: p\r\nMIME-Version: 1.0\r\nContent-Type: message/partial; id=\"x\"; number=1; total=2\r\n\r\nabc\r\n";
        assertThat(MailContent.of(partial.getBytes(StandardCharsets.US_ASCII), 8).problems).containsExactly("malformed");
    }

    @Test
    void settingsComeFromTheEnvironmentAndBadOnesNameTheirVariable() {
        MailGateConfig c = MailGateConfig.fromEnvironment(Map.of("MAIL_GATE_PASSWORD", "s3cret", "MAIL_GATE_NOTIFY", "WARN, block",
                "MAIL_GATE_MAX_MESSAGE_BYTES", "10M", "MAIL_GATE_CHECK_TIMEOUT", "2m"));
        assertThat(c.listen().getPort()).isEqualTo(10025);
        assertThat(c.nextHop().getPort()).isEqualTo(10026);
        assertThat(c.maxMessageBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(c.checkTimeout().toSeconds()).isEqualTo(120);
        assertThat(c.notifyOn()).containsExactlyInAnyOrder(MailGateConfig.Verdict.WARN, MailGateConfig.Verdict.BLOCK);
        assertThat(c.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> MailGateConfig.fromEnvironment(Map.of())).hasMessageContaining("MAIL_GATE_PASSWORD");
        assertThatThrownBy(() -> MailGateConfig.fromEnvironment(Map.of("MAIL_GATE_PASSWORD", "x", "MAIL_GATE_SERVICE_URL", "http://u:p@h")))
                .hasMessageContaining("MAIL_GATE_SERVICE_URL");
        assertThatThrownBy(() -> MailGateConfig.fromEnvironment(Map.of("MAIL_GATE_PASSWORD", "x", "MAIL_GATE_NOTIFY", "pass")))
                .hasMessageContaining("MAIL_GATE_NOTIFY");
        assertThatThrownBy(() -> MailGateConfig.fromEnvironment(Map.of("MAIL_GATE_PASSWORD", "x", "MAIL_GATE_LISTEN", "10025")))
                .hasMessageContaining("MAIL_GATE_LISTEN");
    }

    private static String b64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64gb(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.Charset.forName("GB18030")));
    }
}
