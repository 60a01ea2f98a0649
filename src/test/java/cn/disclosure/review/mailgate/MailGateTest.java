package cn.disclosure.review.mailgate;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static cn.disclosure.review.support.Accounts.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * End to end with real SMTP on loopback: a Jakarta Mail client sends through the gate (in this JVM,
 * configured as deploy/mail/run.sh configures it) to a real receiving SMTP server, and the gate
 * checks each message through this test's running service (real HTTP, real PostgreSQL for the audit).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class MailGateTest {
    static final String CLEAN_TEXT = "各科室：请于本周五下午三点到三楼会议室参加年度工作会议。";
    static final String MOBILE_TEXT = "会议联系人：王先生，手机 13905718888。";
    static final String MARKED_TEXT = "机密★5年\n关于2023年度重点项目资金审计情况的报告";
    static final Duration ARRIVAL = Duration.ofSeconds(20);
    static final Duration NOTHING = Duration.ofSeconds(2);

    @TestHTTPResource("/")
    URL service;

    SmtpReceiver receiver;
    MailGate gate;
    Path dataDir;

    @BeforeEach
    void start() throws IOException {
        receiver = new SmtpReceiver();
        dataDir = Files.createTempDirectory("mailgate-data-");
        gate = startGate(Map.of());
    }

    @AfterEach
    void stop() throws IOException {
        if (gate != null) {
            gate.close();
        }
        receiver.close();
        try (Stream<Path> all = Files.walk(dataDir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    MailGate startGate(Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("MAIL_GATE_LISTEN", "127.0.0.1:0");
        env.put("MAIL_GATE_NEXT_HOP", "127.0.0.1:" + receiver.address().getPort());
        env.put("MAIL_GATE_SERVICE_URL", "http://127.0.0.1:" + service.getPort());
        env.put("MAIL_GATE_PASSWORD", "mailgate");
        env.put("MAIL_GATE_HOSTNAME", "gate.test");
        env.put("MAIL_GATE_DATA_DIR", dataDir.toString());
        env.putAll(extra);
        return MailGate.start(MailGateConfig.fromEnvironment(env));
    }

    Session client(boolean utf8) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(gate.port()));
        p.setProperty("mail.smtp.connectiontimeout", "10000");
        p.setProperty("mail.smtp.timeout", "120000");
        if (utf8) {
            p.setProperty("mail.mime.allowutf8", "true");
        }
        return Session.getInstance(p);
    }

    static MimeMessage message(Session s, String subject, String text, MimeBodyPart... attachments) throws MessagingException {
        MimeMessage m = new MimeMessage(s);
        m.setFrom(new InternetAddress("zhang.san@office.example.gov.cn"));
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse("li.si@partner.example.com, wang.wu@Example.GOV.cn"));
        m.setSubject(subject, "UTF-8");
        if (attachments.length == 0) {
            m.setText(text, "UTF-8");
        } else {
            MimeMultipart mp = new MimeMultipart();
            MimeBodyPart body = new MimeBodyPart();
            body.setText(text, "UTF-8");
            mp.addBodyPart(body);
            for (MimeBodyPart a : attachments) {
                mp.addBodyPart(a);
            }
            m.setContent(mp);
        }
        m.saveChanges();
        return m;
    }

    static MimeBodyPart textAttachment(String name, String text, String charset) throws MessagingException {
        MimeBodyPart a = new MimeBodyPart();
        a.setText(text, charset);
        a.setFileName(name);
        a.setDisposition(Part.ATTACHMENT);
        return a;
    }

    @Test
    void aCleanMessageArrivesWithVerdictPass() throws Exception {
        Transport.send(message(client(false), "关于召开年度工作会议的通知", CLEAN_TEXT));
        SmtpReceiver.Received r = receiver.next(ARRIVAL);
        assertThat(r).as("delivered").isNotNull();
        assertThat(r.mailFrom()).isEqualTo("<zhang.san@office.example.gov.cn>");
        assertThat(r.rcptTo()).containsExactly("<li.si@partner.example.com>", "<wang.wu@Example.GOV.cn>");
        assertThat(r.header("X-Review-Verdict")).isEqualTo("PASS");
        assertThat(r.header("X-Review-Findings")).isNull();
        String ref = r.header("X-Review-Reference");
        assertThat(ref).matches("[0-9a-f]{16}");
        MimeMessage got = new MimeMessage(client(false), new ByteArrayInputStream(r.data()));
        assertThat(got.getSubject()).isEqualTo("关于召开年度工作会议的通知");
        assertThat(((String) got.getContent()).strip()).isEqualTo(CLEAN_TEXT);

        JsonPath line = auditLine(ref, "MAIL_CHECKED");
        assertThat(line.getString("actor")).isEqualTo("mailgate");
        JsonPath details = JsonPath.from(line.getString("details"));
        assertThat(details.getString("verdict")).isEqualTo("PASS");
        assertThat(details.getString("sender")).isEqualTo("zhang.san@office.example.gov.cn");
        assertThat(details.getList("recipientDomains", String.class)).containsExactly("partner.example.com", "example.gov.cn");
    }

    @Test
    void aWarnMessageArrivesWithTheFindingsAndTheReminderAndNoForgedVerdict() throws Exception {
        MimeMessage m = message(client(false), "会议通知", CLEAN_TEXT + "\n" + MOBILE_TEXT);
        m.addHeader("X-Review-Verdict", "PASS");
        m.addHeader("X-REVIEW-Findings", "none");
        m.saveChanges();
        Transport.send(m);
        SmtpReceiver.Received r = receiver.next(ARRIVAL);
        assertThat(r).as("delivered").isNotNull();
        String head = r.text().split("\r\n\r\n", 2)[0];
        assertThat(head.split("\r\n")).filteredOn(l -> l.toLowerCase().startsWith("x-review-verdict:")).containsExactly("X-Review-Verdict: WARN");
        assertThat(head).doesNotContain("none");
        String findings = MimeUtility.decodeText(r.header("X-Review-Findings"));
        assertThat(findings).isEqualTo("邮件正文或邮件头：手机号码");
        assertThat(MimeUtility.decodeText(r.header("X-Review-Reminder"))).contains("涉密不上网").contains("电子邮箱");
        boolean ours = false;
        for (String l : head.split("\r\n")) {
            ours = l.startsWith(" ") ? ours : l.startsWith("X-Review-");
            if (ours) {
                assertThat(l.length()).as("header line length: " + l).isLessThanOrEqualTo(78);
                assertThat(l.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).as("ASCII header line: " + l).isTrue();
            }
        }
        MimeMessage got = new MimeMessage(client(false), new ByteArrayInputStream(r.data()));
        assertThat((String) got.getContent()).contains(MOBILE_TEXT);
        JsonPath details = JsonPath.from(auditLine(r.header("X-Review-Reference"), "MAIL_CHECKED").getString("details"));
        assertThat(details.getString("verdict")).isEqualTo("WARN");
        assertThat(details.getList("categories", String.class)).containsExactly("PERSONAL_INFO");
    }

    @Test
    void aMarkedAttachmentIsRefusedWithReasonsAPlainClientCanReadAndNothingArrives() throws Exception {
        MimeMessage m = message(client(false), "审计报告（请审阅）", CLEAN_TEXT,
                textAttachment("2023年度审计报告.txt", MARKED_TEXT, "GB18030"));
        SMTPSendFailedException e = catchThrowableOfType(SMTPSendFailedException.class, () -> Transport.send(m));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.getReturnCode()).isEqualTo(554);
        String reply = e.getMessage();
        assertThat(reply).contains("554-5.7.1 Message refused by the confidentiality review (verdict BLOCK)")
                .contains("Reason: attachment 1: classification mark")
                .contains("Reminder: state secrets must not be stored, processed or sent by e-mail on the Internet.");
        assertThat(reply.chars().allMatch(c -> c < 0x80)).as("a plain client gets ASCII").isTrue();
        assertThat(reply).doesNotContain("审计").doesNotContain("2023");
        // the Chinese reasons and 保密提醒 as RFC 2047 encoded-words, decoded as a mail program would
        String chinese = decodeReply(reply);
        assertThat(chinese).contains("邮件未发送：保密审查结论为“禁止发送”（BLOCK）")
                .contains("原因：第 1 个附件：国家秘密标志（密级标识）")
                .contains("涉密不上网")
                .contains("涉密信息不得通过政务邮箱或其他互联网电子邮箱存储、处理、传输")
                .contains("请删除涉密或敏感内容后重新发送").doesNotContain("机密★").doesNotContain("审计报告");
        assertThat(reply.split("\n")[0]).isEqualTo("554-5.7.1 Message refused by the confidentiality review (verdict BLOCK)");
        assertThat(receiver.next(NOTHING)).as("nothing arrives").isNull();
        assertThat(receiver.commands).contains("RSET");

        String ref = reference(reply);
        JsonPath line = auditLine(ref, "MAIL_REFUSED");
        assertThat(line.getString("subjectType")).isEqualTo("mail");
        JsonPath details = JsonPath.from(line.getString("details"));
        assertThat(details.getString("verdict")).isEqualTo("BLOCK");
        assertThat(details.getString("sender")).isEqualTo("zhang.san@office.example.gov.cn");
        assertThat(details.getList("recipientDomains", String.class)).containsExactly("partner.example.com", "example.gov.cn");
        assertThat(details.getList("categories", String.class)).containsExactly("CLASSIFICATION_MARK");
        assertThat(line.getString("details")).doesNotContain("机密").doesNotContain("审计").doesNotContain(".txt")
                .doesNotContain("li.si").doesNotContain("wang.wu");
    }

    @Test
    void anSmtputf8ClientReadsTheReasonsAndTheReminderInChinese() throws Exception {
        Session s = client(true);
        MimeMessage m = message(s, "审计报告", CLEAN_TEXT, textAttachment("报告.txt", MARKED_TEXT, "UTF-8"));
        SMTPSendFailedException e = catchThrowableOfType(SMTPSendFailedException.class, () -> Transport.send(m));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.getReturnCode()).isEqualTo(554);
        // Jakarta Mail reads reply octets as ISO-8859-1; the gate sent UTF-8 (SMTPUTF8 was asked for)
        String reply = new String(e.getMessage().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        assertThat(receiver.commands).anyMatch(c -> c.startsWith("MAIL FROM:<zhang.san@office.example.gov.cn>") && c.endsWith(" SMTPUTF8"));
        assertThat(reply).contains("554-5.7.1 邮件未发送：保密审查结论为“禁止发送”（BLOCK）")
                .contains("554-5.7.1 原因：第 1 个附件：国家秘密标志（密级标识）")
                .contains("涉密信息不得通过政务邮箱或其他互联网电子邮箱存储、处理、传输")
                .contains("554 5.7.1 请删除涉密或敏感内容后重新发送");
        assertThat(reply).doesNotContain("机密★");
        assertThat(receiver.next(NOTHING)).isNull();
    }

    @Test
    void aNestedMessageWithAMarkedAttachmentIsRefused() throws Exception {
        Session s = client(false);
        MimeMessage inner = message(s, "转发材料", "请查收附件。", textAttachment("纪要.txt", "秘密★1年\n专题会议纪要", "UTF-8"));
        MimeBodyPart forwarded = new MimeBodyPart();
        forwarded.setContent(inner, "message/rfc822");
        MimeMessage m = message(s, "Fwd: 转发材料", "转给你看看。", forwarded);
        SMTPSendFailedException e = catchThrowableOfType(SMTPSendFailedException.class, () -> Transport.send(m));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.getReturnCode()).isEqualTo(554);
        assertThat(e.getMessage()).contains("Reason: attachment 1 (in an attached message): classification mark");
        assertThat(receiver.next(NOTHING)).isNull();
        auditLine(reference(e.getMessage()), "MAIL_REFUSED");
    }

    @Test
    void aMarkingInTheSubjectOfANestedMessageIsFoundToo() throws Exception {
        Session s = client(false);
        MimeMessage inner = message(s, "绝密★长期 情况通报", "见标题。");
        MimeBodyPart forwarded = new MimeBodyPart();
        forwarded.setContent(inner, "message/rfc822");
        MimeMessage m = message(s, "转发", "请阅。", forwarded);
        SMTPSendFailedException e = catchThrowableOfType(SMTPSendFailedException.class, () -> Transport.send(m));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.getMessage()).contains("Reason: body or header fields: classification mark");
        assertThat(receiver.next(NOTHING)).isNull();
    }

    @Test
    void whileTheServiceIsDownMessagesWaitWith451AndNothingArrives() throws Exception {
        gate.close();
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        gate = startGate(Map.of("MAIL_GATE_SERVICE_URL", "http://127.0.0.1:" + closed, "MAIL_GATE_CONNECT_TIMEOUT", "2s"));
        MimeMessage m = message(client(false), "会议通知", CLEAN_TEXT);
        SMTPSendFailedException e = catchThrowableOfType(SMTPSendFailedException.class, () -> Transport.send(m));
        assertThat(e).as("deferred").isNotNull();
        assertThat(e.getReturnCode()).isEqualTo(451);
        assertThat(e.getMessage()).contains("451 4.3.0 Confidentiality review service unavailable, message not sent; try again later");
        assertThat(receiver.next(NOTHING)).isNull();
    }

    @Test
    void aGateWithAWrongPasswordDefersRatherThanDelivers() throws Exception {
        gate.close();
        gate = startGate(Map.of("MAIL_GATE_PASSWORD", "wrong-password"));
        SMTPSendFailedException e = catchThrowableOfType(SMTPSendFailedException.class,
                () -> Transport.send(message(client(false), "会议通知", CLEAN_TEXT)));
        assertThat(e).isNotNull();
        assertThat(e.getReturnCode()).isEqualTo(451);
        assertThat(receiver.next(NOTHING)).isNull();
    }

    @Test
    void pipelinedCommandsDotStuffingAndABareLfDotTravelIntact() throws Exception {
        try (RawSmtp c = new RawSmtp(gate.port())) {
            assertThat(c.reply()).startsWith("220 gate.test");
            String ehlo = c.send("EHLO client.test\r\n").reply();
            assertThat(ehlo).contains("250-PIPELINING").contains("250-8BITMIME").contains("SMTPUTF8")
                    .contains("ENHANCEDSTATUSCODES").doesNotContain("CHUNKING").doesNotContain("STARTTLS");
            c.send("MAIL FROM:<a@office.example.gov.cn>\r\nRCPT TO:<b@partner.example.com>\r\nDATA\r\n");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("250");
            assertThat(c.reply()).startsWith("354");
            c.send("Subject: dots\r\n\r\n..one leading dot\r\n...two leading dots\r\nsmuggle\n.\nMAIL FROM:<evil@x.test>\r\n.\r\n");
            assertThat(c.reply()).startsWith("250 2.0.0 queued");
            c.send("QUIT\r\n");
            assertThat(c.reply()).startsWith("221");
        }
        SmtpReceiver.Received r = receiver.next(ARRIVAL);
        assertThat(r).isNotNull();
        String body = r.text().split("\r\n\r\n", 2)[1];
        assertThat(body).isEqualTo(".one leading dot\r\n..two leading dots\r\nsmuggle\r\n.\r\nMAIL FROM:<evil@x.test>\r\n");
        assertThat(receiver.commands).noneMatch(cmd -> cmd.contains("evil@x.test"));
        assertThat(receiver.next(NOTHING)).as("exactly one message").isNull();
    }

    @Test
    void tooLargeMessagesAreRefusedWith552BeforeAndAfterTheData() throws Exception {
        gate.close();
        gate = startGate(Map.of("MAIL_GATE_MAX_MESSAGE_BYTES", "64K"));
        try (RawSmtp c = new RawSmtp(gate.port())) {
            c.reply();
            assertThat(c.send("EHLO client.test\r\n").reply()).contains("250-SIZE 65536");
            String declared = c.send("MAIL FROM:<a@office.example.gov.cn> SIZE=100000\r\n").reply();
            assertThat(declared).startsWith("552 5.3.4");
            List<JsonPath> atMail = auditLines(reference(declared), "MAIL_REFUSED");
            assertThat(atMail).as("exactly one audit line for the SIZE= refusal").hasSize(1);
            JsonPath d0 = JsonPath.from(atMail.get(0).getString("details"));
            assertThat(d0.getString("reason")).isEqualTo("declared-too-large");
            assertThat(d0.getInt("replyCode")).isEqualTo(552);
            assertThat(d0.getString("replyClass")).isEqualTo("5xx");
            assertThat(d0.getString("sender")).isEqualTo("a@office.example.gov.cn");
            assertThat(d0.getList("recipientDomains", String.class)).isEmpty();
            c.send("MAIL FROM:<a@office.example.gov.cn>\r\n").reply();
            c.send("RCPT TO:<b@partner.example.com>\r\n").reply();
            assertThat(c.send("DATA\r\n").reply()).startsWith("354");
            StringBuilder big = new StringBuilder("Subject: big\r\n\r\n");
            while (big.length() < 100_000) {
                big.append("x".repeat(70)).append("\r\n");
            }
            String reply = c.send(big + ".\r\n").reply();
            assertThat(reply).startsWith("552 5.3.4 Message size exceeds fixed maximum message size (65536 bytes)");
            List<JsonPath> lines = auditLines(reference(reply), "MAIL_REFUSED");
            assertThat(lines).as("exactly one audit line for the refusal after the data").hasSize(1);
            JsonPath details = JsonPath.from(lines.get(0).getString("details"));
            assertThat(details.getString("reason")).isEqualTo("too-large");
            assertThat(details.getString("enhancedCode")).isEqualTo("5.3.4");
            assertThat(details.getList("recipientDomains", String.class)).containsExactly("partner.example.com");
            assertThat(lines.get(0).getString("details")).doesNotContain("xxxxxxxx").doesNotContain("big").doesNotContain("b@");
            assertThat(c.send("NOOP\r\n").reply()).startsWith("250");
        }
        assertThat(receiver.next(NOTHING)).isNull();
    }

    @Test
    void onlyAllowedClientsMayConnect() throws Exception {
        gate.close();
        gate = startGate(Map.of("MAIL_GATE_ALLOWED_CLIENTS", "192.0.2.0/24"));
        try (RawSmtp c = new RawSmtp(gate.port())) {
            assertThat(c.reply()).startsWith("554 5.7.1 Access denied");
            assertThat(c.reply()).as("closed").isNull();
        }
    }

    @Test
    void theSenderGetsANoticeInChineseWhenConfigured() throws Exception {
        gate.close();
        gate = startGate(Map.of("MAIL_GATE_NOTIFY", "warn,block", "MAIL_GATE_NOTICE_FROM", "postmaster@office.example.gov.cn"));
        Transport.send(message(client(false), "会议通知", MOBILE_TEXT));
        SmtpReceiver.Received first = receiver.next(ARRIVAL);
        SmtpReceiver.Received second = receiver.next(ARRIVAL);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        SmtpReceiver.Received notice = "<>".equals(first.mailFrom()) ? first : second;
        SmtpReceiver.Received original = notice == first ? second : first;
        assertThat(original.header("X-Review-Verdict")).isEqualTo("WARN");
        assertThat(notice.mailFrom()).isEqualTo("<>");
        assertThat(notice.rcptTo()).containsExactly("<zhang.san@office.example.gov.cn>");
        MimeMessage n = new MimeMessage(client(false), new ByteArrayInputStream(notice.data()));
        assertThat(n.getSubject()).startsWith("保密提醒：您发出的邮件含有需要注意的内容");
        assertThat(n.getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
        String text = (String) n.getContent();
        assertThat(text).contains("已发出").contains("邮件正文或邮件头：手机号码").contains("涉密不上网")
                .contains(original.header("X-Review-Reference")).doesNotContain("13905718888").doesNotContain("会议通知");
    }

    @Test
    void moreFilesThanOneCheckTakesAreCheckedInSeveralCalls() throws Exception {
        gate.close();
        gate = startGate(Map.of("MAIL_GATE_MAX_FILES_PER_CHECK", "2"));
        Session s = client(false);
        MimeMessage m = message(s, "三个附件", CLEAN_TEXT, textAttachment("a.txt", "第一份材料。", "UTF-8"),
                textAttachment("b.txt", "第二份材料。", "UTF-8"), textAttachment("c.txt", MARKED_TEXT, "UTF-8"));
        SMTPSendFailedException e = catchThrowableOfType(SMTPSendFailedException.class, () -> Transport.send(m));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("Reason: attachment 3: classification mark");
        String ref = reference(e.getMessage());
        auditLine(ref, "MAIL_CHECKED");
        auditLine(ref, "MAIL_REFUSED");
        assertThat(receiver.next(NOTHING)).isNull();
    }

    @Test
    void anAttachmentThatCannotBeDecodedIsNeverPassedOn() throws Exception {
        try (RawSmtp c = new RawSmtp(gate.port())) {
            c.reply();
            c.send("EHLO client.test\r\n").reply();
            c.send("MAIL FROM:<a@office.example.gov.cn>\r\nRCPT TO:<b@partner.example.com>\r\nDATA\r\n");
            c.reply();
            c.reply();
            c.reply();
            String reply = c.send("Subject: report\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                    + "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nsee attachment\r\n"
                    + "--b1\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"r.bin\"\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\n5py65a+G4piFNeW5tA\r\n--b1--\r\n.\r\n").reply();
            assertThat(reply).startsWith("554-5.7.1").contains("Reason: message: content the gate could not check (undecodable-part)");
        }
        assertThat(receiver.next(NOTHING)).isNull();
    }

    @Test
    void aRecipientTheNextHopRefusesIsRefusedAtRcptAndTheOthersGetTheMessage() throws Exception {
        receiver.refuse("nobody@partner.example.com");
        try (RawSmtp c = new RawSmtp(gate.port())) {
            c.reply();
            c.send("EHLO client.test\r\n").reply();
            assertThat(c.send("MAIL FROM:<a@office.example.gov.cn>\r\n").reply()).startsWith("250");
            assertThat(c.send("RCPT TO:<nobody@partner.example.com>\r\n").reply()).isEqualTo("550 5.1.1 No such user");
            assertThat(c.send("RCPT TO:<b@partner.example.com>\r\n").reply()).startsWith("250");
            assertThat(c.send("DATA\r\n").reply()).startsWith("354");
            assertThat(c.send("Subject: hi\r\n\r\n" + "hello\r\n.\r\n").reply()).startsWith("250");
        }
        SmtpReceiver.Received r = receiver.next(ARRIVAL);
        assertThat(r.rcptTo()).containsExactly("<b@partner.example.com>");
    }

    @Test
    void aLongRefusalKeepsEveryReplyLineWithin512Octets() throws Exception {
        try (RawSmtp c = new RawSmtp(gate.port())) {
            c.reply();
            c.send("EHLO client.test\r\n").reply();
            c.send("MAIL FROM:<a@office.example.gov.cn> SMTPUTF8\r\nRCPT TO:<b@partner.example.com>\r\nDATA\r\n");
            c.reply();
            c.reply();
            c.reply();
            StringBuilder m = new StringBuilder("Subject: =?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString("材料".getBytes(StandardCharsets.UTF_8))
                    + "?=\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n");
            for (int i = 0; i < 12; i++) {
                m.append("--b1\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Disposition: attachment; filename=\"f").append(i)
                        .append(".txt\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                        .append(java.util.Base64.getMimeEncoder().encodeToString(("秘密★" + (i + 1) + "年\n材料").getBytes(StandardCharsets.UTF_8)))
                        .append("\r\n");
            }
            m.append("--b1--\r\n.\r\n");
            String reply = c.send(m.toString()).reply();
            assertThat(reply).startsWith("554-5.7.1 邮件未发送").contains("另有 4 项原因");
            assertThat(c.lineOctets).allMatch(n -> n <= SmtpReply.MAX_LINE_OCTETS);
        }
    }

    @Test
    void aRequestTheServiceRefusesIsRefusedWith554AndAuditedWithoutContent() throws Exception {
        // a subject longer than the service's title limit: the service answers 400 invalid-input
        String subject = "关于年度重点项目的补充说明" + "甲".repeat(600);
        SMTPSendFailedException e = catchThrowableOfType(SMTPSendFailedException.class,
                () -> Transport.send(message(client(false), subject, CLEAN_TEXT)));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.getReturnCode()).isEqualTo(554);
        assertThat(e.getMessage()).contains("554 5.6.0 Message cannot be reviewed (invalid-input)");
        assertThat(receiver.next(NOTHING)).isNull();
        List<JsonPath> lines = auditLines(reference(e.getMessage()), "MAIL_REFUSED");
        assertThat(lines).as("exactly one audit line").hasSize(1);
        String raw = lines.get(0).getString("details");
        JsonPath details = JsonPath.from(raw);
        assertThat(details.getString("reason")).isEqualTo("service-refused");
        assertThat(details.getString("serviceProblem")).isEqualTo("invalid-input");
        assertThat(details.getInt("replyCode")).isEqualTo(554);
        assertThat(details.getString("enhancedCode")).isEqualTo("5.6.0");
        assertThat(details.getString("sender")).isEqualTo("zhang.san@office.example.gov.cn");
        assertThat(details.getList("recipientDomains", String.class)).containsExactly("partner.example.com", "example.gov.cn");
        assertThat(raw).doesNotContain("补充说明").doesNotContain("甲").doesNotContain("会议").doesNotContain("li.si").doesNotContain("wang.wu");
    }

    @Test
    void a451WhileTheServiceIsUnreachableIsSpooledAndReachesTheAuditWhenItIsBack() throws Exception {
        gate.close();
        try (LoopbackForwarder service = new LoopbackForwarder(this.service.getPort())) {
            gate = startGate(Map.of("MAIL_GATE_SERVICE_URL", "http://127.0.0.1:" + service.port, "MAIL_GATE_CONNECT_TIMEOUT", "2s",
                    "MAIL_GATE_SPOOL_RETRY", "60m"));
            SMTPSendFailedException e = catchThrowableOfType(SMTPSendFailedException.class,
                    () -> Transport.send(message(client(false), "会议通知（不得外传）", CLEAN_TEXT)));
            assertThat(e).as("deferred").isNotNull();
            assertThat(e.getReturnCode()).isEqualTo(451);
            String ref = reference(e.getMessage());
            assertThat(receiver.next(NOTHING)).isNull();

            Path spool = dataDir.resolve("audit-spool.jsonl");
            String spooled = Files.readString(spool, StandardCharsets.UTF_8);
            assertThat(spooled.lines()).hasSize(1);
            assertThat(spooled).contains(ref).contains("service-unavailable").contains("partner.example.com")
                    .doesNotContain("会议").doesNotContain("不得外传").doesNotContain("li.si").doesNotContain("wang.wu");
            assertThat(java.nio.file.Files.getPosixFilePermissions(spool)).containsExactlyInAnyOrder(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            assertThat(auditLines(ref, "MAIL_DEFERRED")).as("not recorded while the service is down").isEmpty();

            // the service is back: the next message is checked, and the gate delivers its spool by itself
            service.up();
            Transport.send(message(client(false), "关于召开年度工作会议的通知", CLEAN_TEXT));
            assertThat(receiver.next(ARRIVAL)).as("delivered once the service answers").isNotNull();
            List<JsonPath> lines = List.of();
            for (Instant until = Instant.now().plusSeconds(30); Instant.now().isBefore(until); Thread.sleep(200)) {
                lines = auditLines(ref, "MAIL_DEFERRED");
                if (!lines.isEmpty() && Files.size(spool) == 0) {
                    break;
                }
            }
            assertThat(lines).as("the spooled 451 arrived, once").hasSize(1);
            assertThat(Files.size(spool)).as("the spool is empty once delivered").isZero();
            String raw = lines.get(0).getString("details");
            JsonPath details = JsonPath.from(raw);
            assertThat(lines.get(0).getString("actor")).isEqualTo("mailgate");
            assertThat(details.getString("reason")).isEqualTo("service-unavailable");
            assertThat(details.getInt("replyCode")).isEqualTo(451);
            assertThat(details.getString("replyClass")).isEqualTo("4xx");
            assertThat(details.getBoolean("spooled")).isTrue();
            assertThat(details.getString("sender")).isEqualTo("zhang.san@office.example.gov.cn");
            assertThat(details.getList("recipientDomains", String.class)).containsExactly("partner.example.com", "example.gov.cn");
            assertThat(raw).doesNotContain("会议").doesNotContain("li.si");

            // the same event delivered again (an answer lost on the way) is ignored
            String event = spooled.strip();
            String again = as("mailgate").contentType("application/json").body(event).post("/api/v1/mail-gate/events")
                    .then().statusCode(200).extract().asString();
            assertThat(JsonPath.from(again).getBoolean("recorded")).isFalse();
            assertThat(auditLines(ref, "MAIL_DEFERRED")).hasSize(1);
        }
    }

    @Test
    void onlyTheMailGateMayRecordEventsAndOnlyDomainsAreTaken() {
        String event = """
                {"eventId":"%s","reference":"0123456789abcdef","replyCode":552,"enhancedCode":"5.3.4","reason":"too-large",
                 "sender":"a@office.example.gov.cn","recipientDomains":[%s]}""";
        for (String role : List.of("cms", "editor", "office", "admin")) {
            as(role).contentType("application/json").body(event.formatted(java.util.UUID.randomUUID(), "\"partner.example.com\""))
                    .post("/api/v1/mail-gate/events").then().statusCode(403);
        }
        // an address where a domain belongs: refused, not trimmed
        as("mailgate").contentType("application/json").body(event.formatted(java.util.UUID.randomUUID(), "\"li.si@partner.example.com\""))
                .post("/api/v1/mail-gate/events").then().statusCode(400).contentType("application/problem+json");
        // a reason that does not fit the reply class, an unknown reason, an oversized sender
        as("mailgate").contentType("application/json").body(event.formatted(java.util.UUID.randomUUID(), "\"x.test\"").replace("552", "451"))
                .post("/api/v1/mail-gate/events").then().statusCode(400).contentType("application/problem+json");
        as("mailgate").contentType("application/json").body(event.formatted(java.util.UUID.randomUUID(), "\"x.test\"").replace("too-large", "subject:机密"))
                .post("/api/v1/mail-gate/events").then().statusCode(400).contentType("application/problem+json");
        as("mailgate").contentType("application/json").body(event.formatted(java.util.UUID.randomUUID(), "\"x.test\"")
                        .replace("a@office.example.gov.cn", "a".repeat(400) + "@x.test"))
                .post("/api/v1/mail-gate/events").then().statusCode(400).contentType("application/problem+json");
        as("mailgate").contentType("application/json").body(event.formatted(java.util.UUID.randomUUID(),
                        String.join(",", java.util.Collections.nCopies(1001, "\"x.test\""))))
                .post("/api/v1/mail-gate/events").then().statusCode(400).contentType("application/problem+json");
        String id = java.util.UUID.randomUUID().toString();
        assertThat(as("mailgate").contentType("application/json").body(event.formatted(id, "\"Partner.Example.COM\""))
                .post("/api/v1/mail-gate/events").then().statusCode(200).extract().jsonPath().getBoolean("recorded")).isTrue();
    }

    /**
     * The text of an SMTP reply (lines joined by "\n", as Jakarta Mail and RawSmtp give it) with each
     * line's code stripped and its RFC 2047 encoded-words decoded; the lines joined without a separator.
     */
    static String decodeReply(String reply) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String l : reply.split("\r?\n")) {
            if (l.length() < 4) {
                continue;
            }
            assertThat(l.getBytes(StandardCharsets.UTF_8).length + 2).as("reply line octets").isLessThanOrEqualTo(SmtpReply.MAX_LINE_OCTETS);
            String text = l.substring(4).replaceFirst("^[245]\\.\\d{1,3}\\.\\d{1,3} ", "");
            out.append(MimeUtility.decodeText(text));
        }
        return out.toString();
    }

    static String reference(String reply) {
        Matcher m = Pattern.compile("(?:Reference|审查编号) ([0-9a-f]{16})").matcher(reply);
        assertThat(m.find()).as("reference in " + reply).isTrue();
        return m.group(1);
    }

    /** Every audit line with this reference and action among the newest entries. */
    static List<JsonPath> auditLines(String reference, String action) {
        long length = as("admin").get("/api/v1/audit/verify").then().statusCode(200).extract().jsonPath().getLong("length");
        String lines = as("admin").get("/api/v1/audit/entries?from=" + Math.max(1, length - 400) + "&limit=1000")
                .then().statusCode(200).extract().asString();
        List<JsonPath> out = new ArrayList<>();
        for (String l : lines.split("\n")) {
            if (l.isBlank()) {
                continue;
            }
            JsonPath j = JsonPath.from(l);
            if (reference.equals(j.getString("subjectId")) && action.equals(j.getString("action"))) {
                out.add(j);
            }
        }
        return out;
    }

    /** The audit line of a mail check with this reference and action (the newest entries are searched). */
    static JsonPath auditLine(String reference, String action) {
        long length = as("admin").get("/api/v1/audit/verify").then().statusCode(200).extract().jsonPath().getLong("length");
        String lines = as("admin").get("/api/v1/audit/entries?from=" + Math.max(1, length - 200) + "&limit=1000")
                .then().statusCode(200).extract().asString();
        for (String l : lines.split("\n")) {
            if (l.isBlank()) {
                continue;
            }
            JsonPath j = JsonPath.from(l);
            if (reference.equals(j.getString("subjectId")) && action.equals(j.getString("action"))) {
                return j;
            }
        }
        throw new AssertionError("no audit line " + action + " for " + reference);
    }
}
