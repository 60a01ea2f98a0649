package cn.disclosure.review.mailgate;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The after-queue wiring (Postfix FILTER_README, "advanced content filter"), for real: a mail program →
 * Debian's Postfix (submission listener with {@code content_filter} = the gate) → Postfix's queue →
 * Postfix's smtp client → the gate → Postfix's re-injection listener → the receiving SMTP server. Here
 * the mail program's message is accepted and queued first; the gate's 451 keeps it in Postfix's queue
 * (Postfix retries), its 554 makes Postfix bounce it to the sender with the gate's reasons. The review
 * service is reached through a {@link LoopbackForwarder} that the test switches off and on.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class PostfixAfterQueueTest {
    static final Duration ARRIVAL = Duration.ofSeconds(60);
    static final Duration NOTHING = Duration.ofSeconds(3);

    @TestHTTPResource("/")
    URL service;

    SmtpReceiver receiver;
    MailGate gate;
    PostfixInstance postfix;
    LoopbackForwarder reviewService;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(PostfixInstance.available(), "Postfix (/usr/sbin/postfix) and root are needed; deploy/test.sh installs it");
        receiver = new SmtpReceiver();
        int gatePort = PostfixInstance.freePort();
        postfix = PostfixInstance.start(gatePort, receiver.address().getPort(), PostfixInstance.Mode.AFTER_QUEUE);
        reviewService = new LoopbackForwarder(service.getPort());
        reviewService.up();
        Map<String, String> env = new HashMap<>();
        env.put("MAIL_GATE_LISTEN", "127.0.0.1:" + gatePort);
        env.put("MAIL_GATE_NEXT_HOP", "127.0.0.1:" + postfix.reinjectionPort);
        env.put("MAIL_GATE_SERVICE_URL", "http://127.0.0.1:" + reviewService.port);
        env.put("MAIL_GATE_PASSWORD", "mailgate");
        env.put("MAIL_GATE_CONNECT_TIMEOUT", "2s");
        env.put("MAIL_GATE_DATA_DIR", postfix.dir.resolve("gate-data").toString());
        gate = MailGate.start(MailGateConfig.fromEnvironment(env));
    }

    @AfterEach
    void stop() throws Exception {
        if (gate != null) {
            gate.close();
        }
        if (reviewService != null) {
            reviewService.close();
        }
        if (postfix != null) {
            postfix.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    Session client() {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(postfix.submissionPort));
        p.setProperty("mail.smtp.connectiontimeout", "10000");
        p.setProperty("mail.smtp.timeout", "120000");
        return Session.getInstance(p);
    }

    /** Waits until {@code postqueue -p} shows what {@code wanted} matches (or the time is up) and returns the listing. */
    String awaitQueue(Pattern wanted) throws Exception {
        String q = postfix.queue();
        for (Instant until = Instant.now().plus(ARRIVAL); Instant.now().isBefore(until) && !wanted.matcher(q).find(); Thread.sleep(250)) {
            q = postfix.queue();
        }
        return q;
    }

    @Test
    void whileTheServiceIsDownTheMessageWaitsInPostfixsQueueAndLeavesOnceItIsBack() throws Exception {
        reviewService.down();
        // the mail program's part is done: Postfix accepted and queued the message
        Transport.send(MailGateTest.message(client(), "关于召开年度工作会议的通知", MailGateTest.CLEAN_TEXT));
        String queued = awaitQueue(Pattern.compile("451 4\\.3\\.0"));
        assertThat(queued).as("deferred in the queue; Postfix log:\n%s", postfix.log())
                .contains("zhang.san@office.example.gov.cn").contains("451 4.3.0")
                .contains("Confidentiality review service unavailable");
        assertThat(receiver.next(NOTHING)).as("nothing leaves while the service is down").isNull();
        assertThat(postfix.log()).contains("status=deferred");

        reviewService.up();
        postfix.flush();
        SmtpReceiver.Received r = receiver.next(ARRIVAL);
        assertThat(r).as("delivered after the flush; Postfix log:\n%s", postfix.log()).isNotNull();
        assertThat(r.header("X-Review-Verdict")).isEqualTo("PASS");
        assertThat(r.mailFrom()).startsWith("<zhang.san@office.example.gov.cn>");
        String empty = awaitQueue(Pattern.compile("Mail queue is empty"));
        assertThat(empty).contains("Mail queue is empty");
        // the deferral(s) reached the audit through the gate's spool once the service answered
        Matcher m = Pattern.compile("Reference ([0-9a-f]{16})").matcher(queued);
        assertThat(m.find()).isTrue();
        String ref = m.group(1);
        for (Instant until = Instant.now().plus(ARRIVAL); Instant.now().isBefore(until)
                && MailGateTest.auditLines(ref, "MAIL_DEFERRED").isEmpty(); Thread.sleep(250)) {
            // the gate delivers its spool by itself once a check succeeded
        }
        assertThat(MailGateTest.auditLines(ref, "MAIL_DEFERRED")).hasSize(1);
    }

    @Test
    void aRefusedMessageIsBouncedToTheSenderWithTheChineseReasons() throws Exception {
        Transport.send(MailGateTest.message(client(), "审计报告", MailGateTest.CLEAN_TEXT,
                MailGateTest.textAttachment("报告.txt", MailGateTest.MARKED_TEXT, "GB18030")));
        SmtpReceiver.Received bounce = receiver.next(ARRIVAL);
        assertThat(bounce).as("a bounce; Postfix log:\n%s", postfix.log()).isNotNull();
        assertThat(bounce.mailFrom()).matches("<>( .*)?");
        assertThat(bounce.rcptTo()).containsExactly("<zhang.san@office.example.gov.cn>");
        String text = bounce.text();
        assertThat(text).contains("554").contains("5.7.1").contains("Message refused by the confidentiality review");
        String decoded = decodeWords(text);
        assertThat(decoded).as("bounce text:\n%s", text).contains("保密审查结论为“禁止发送”")
                .contains("第 1 个附件：国家秘密标志（密级标识）").contains("涉密不上网");
        assertThat(text).doesNotContain("机密★");
        assertThat(receiver.next(NOTHING)).as("the message itself never leaves").isNull();
        assertThat(postfix.log()).contains("status=bounced");
    }

    /** Every run of RFC 2047 encoded-words in {@code text} decoded (mail programs do so in header fields; here in a bounce body). */
    static String decodeWords(String text) throws Exception {
        // a Chinese line may go on in the next reply line: the reply code between its words is skipped
        String word = "=\\?UTF-8\\?B\\?[A-Za-z0-9+/=]+\\?=";
        Matcher m = Pattern.compile(word + "(?:\\s+(?:554[- ]5\\.7\\.1\\s+)?" + word + ")*").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String run = m.group().replaceAll("554[- ]5\\.7\\.1", " ").replaceAll("\\s+", " ");
            out.append(jakarta.mail.internet.MimeUtility.decodeText(run)).append('\n');
        }
        return out.toString();
    }
}
