package cn.disclosure.review.mailgate;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The reference installation, for real: a mail program → Debian's Postfix (submission listener with
 * {@code smtpd_proxy_filter} = the gate) → the gate → Postfix's re-injection listener → Postfix's
 * queue → the receiving SMTP server. Everything on 127.0.0.1; Postfix runs as an instance of its own
 * ({@link PostfixInstance}). What the mail program receives is what Postfix passes on of the gate's
 * answers. Runs where Postfix is installed and the tests run as root (deploy/test.sh, CI).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class PostfixGateTest {
    static final Duration ARRIVAL = Duration.ofSeconds(60);
    static final Duration NOTHING = Duration.ofSeconds(3);

    @TestHTTPResource("/")
    URL service;

    SmtpReceiver receiver;
    MailGate gate;
    PostfixInstance postfix;
    int gatePort;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(PostfixInstance.available(), "Postfix (/usr/sbin/postfix) and root are needed; deploy/test.sh installs it");
        receiver = new SmtpReceiver();
        gatePort = PostfixInstance.freePort();
        postfix = PostfixInstance.start(gatePort, receiver.address().getPort());
        gate = startGate(Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        if (gate != null) {
            gate.close();
        }
        if (postfix != null) {
            postfix.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    MailGate startGate(Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MAIL_GATE_LISTEN", "127.0.0.1:" + gatePort);
        env.put("MAIL_GATE_NEXT_HOP", "127.0.0.1:" + postfix.reinjectionPort);
        env.put("MAIL_GATE_SERVICE_URL", "http://127.0.0.1:" + service.getPort());
        env.put("MAIL_GATE_PASSWORD", "mailgate");
        env.put("MAIL_GATE_DATA_DIR", postfix.dir.resolve("gate-data").toString());
        env.putAll(extra);
        return MailGate.start(MailGateConfig.fromEnvironment(env));
    }

    Session client(boolean utf8) {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(postfix.submissionPort));
        p.setProperty("mail.smtp.connectiontimeout", "10000");
        p.setProperty("mail.smtp.timeout", "120000");
        if (utf8) {
            p.setProperty("mail.mime.allowutf8", "true");
        }
        return Session.getInstance(p);
    }

    @Test
    void aCleanAndAWarnMessageLeaveThroughPostfixWithTheReviewHeaders() throws Exception {
        Transport.send(MailGateTest.message(client(false), "关于召开年度工作会议的通知", MailGateTest.CLEAN_TEXT));
        SmtpReceiver.Received clean = receiver.next(ARRIVAL);
        assertThat(clean).as("clean message delivered by Postfix; Postfix log:\n%s", postfix.log()).isNotNull();
        assertThat(clean.header("X-Review-Verdict")).isEqualTo("PASS");
        assertThat(clean.mailFrom()).startsWith("<zhang.san@office.example.gov.cn>");

        Transport.send(MailGateTest.message(client(false), "会议通知", MailGateTest.MOBILE_TEXT));
        SmtpReceiver.Received warn = receiver.next(ARRIVAL);
        assertThat(warn).as("WARN message delivered; Postfix log:\n%s", postfix.log()).isNotNull();
        assertThat(warn.header("X-Review-Verdict")).isEqualTo("WARN");
        assertThat(MimeUtility.decodeText(warn.header("X-Review-Findings"))).isEqualTo("邮件正文或邮件头：手机号码");
        MimeMessage got = new MimeMessage(client(false), new ByteArrayInputStream(warn.data()));
        assertThat((String) got.getContent()).contains(MailGateTest.MOBILE_TEXT);
        assertThat(postfix.log()).contains("proxy-accept: END-OF-MESSAGE");
    }

    @Test
    void aMarkedAttachmentIsRefusedAndTheMailProgramGetsTheGatesReasons() throws Exception {
        MimeMessage m = MailGateTest.message(client(false), "审计报告", MailGateTest.CLEAN_TEXT,
                MailGateTest.textAttachment("报告.txt", MailGateTest.MARKED_TEXT, "GB18030"));
        SMTPSendFailedException e = catchThrowableOfType(SMTPSendFailedException.class, () -> Transport.send(m));
        assertThat(e).as("refused; Postfix log:\n%s", postfix.log()).isNotNull();
        assertThat(e.getReturnCode()).isEqualTo(554);
        assertThat(e.getMessage()).contains("5.7.1").contains("Message refused by the confidentiality review (verdict BLOCK)")
                .contains("attachment 1: classification mark");
        // the Chinese reasons and 保密提醒 reach a plain mail program through Postfix as RFC 2047 encoded-words
        assertThat(e.getMessage().chars().allMatch(c -> c < 0x80)).isTrue();
        assertThat(MailGateTest.decodeReply(e.getMessage())).contains("原因：第 1 个附件：国家秘密标志（密级标识）")
                .contains("涉密不上网").contains("涉密信息不得通过政务邮箱或其他互联网电子邮箱存储、处理、传输");
        assertThat(receiver.next(NOTHING)).isNull();
        assertThat(postfix.log()).contains("proxy-reject: END-OF-MESSAGE").doesNotContain("机密★");
    }

    @Test
    void anSmtputf8MailProgramReadsChineseThroughPostfix() throws Exception {
        MimeMessage m = MailGateTest.message(client(true), "审计报告", MailGateTest.CLEAN_TEXT,
                MailGateTest.textAttachment("报告.txt", MailGateTest.MARKED_TEXT, "UTF-8"));
        SMTPSendFailedException e = catchThrowableOfType(SMTPSendFailedException.class, () -> Transport.send(m));
        assertThat(e).as("refused; Postfix log:\n%s", postfix.log()).isNotNull();
        String reply = new String(e.getMessage().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        assertThat(reply).contains("邮件未发送：保密审查结论为“禁止发送”（BLOCK）").contains("第 1 个附件：国家秘密标志（密级标识）")
                .contains("涉密信息不得通过政务邮箱或其他互联网电子邮箱存储、处理、传输");
        assertThat(receiver.next(NOTHING)).isNull();
    }

    @Test
    void whileTheServiceIsDownPostfixAnswers451AndQueuesNothing() throws Exception {
        gate.close();
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        gate = startGate(Map.of("MAIL_GATE_SERVICE_URL", "http://127.0.0.1:" + closed, "MAIL_GATE_CONNECT_TIMEOUT", "2s"));
        SMTPSendFailedException e = catchThrowableOfType(SMTPSendFailedException.class,
                () -> Transport.send(MailGateTest.message(client(false), "会议通知", MailGateTest.CLEAN_TEXT)));
        assertThat(e).as("deferred; Postfix log:\n%s", postfix.log()).isNotNull();
        assertThat(e.getReturnCode()).isEqualTo(451);
        assertThat(e.getMessage()).contains("4.3.0").contains("Confidentiality review service unavailable");
        assertThat(receiver.next(NOTHING)).isNull();
    }

    @Test
    void whileTheGateIsDownPostfixRefusesTemporarily() throws Exception {
        gate.close();
        gate = null;
        MessagingException e = catchThrowableOfType(MessagingException.class,
                () -> Transport.send(MailGateTest.message(client(false), "会议通知", MailGateTest.CLEAN_TEXT)));
        assertThat(e).as("Postfix refuses while its proxy filter is down").isNotNull();
        StringBuilder replies = new StringBuilder();
        for (Exception x = e; x != null; x = x instanceof MessagingException me ? me.getNextException() : null) {
            replies.append(x.getMessage()).append('\n');
        }
        assertThat(replies.toString()).as("the replies Postfix gave").containsPattern("(?m)^451[ -]4\\.");
        // Postfix tells its postmaster that the proxy filter is down (notify_classes: software); the message itself stays out
        for (SmtpReceiver.Received r = receiver.next(NOTHING); r != null; r = receiver.next(NOTHING)) {
            assertThat(r.mailFrom()).startsWith("<double-bounce@");
            assertThat(r.rcptTo()).containsExactly("<postmaster@mta.test>");
        }
    }
}
