package cn.disclosure.review.mailgate;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The notice to the sender of a message the review found something in (MAIL_GATE_NOTIFY=warn,block):
 * in Chinese, what was found where, whether the message went out, the 保密提醒 and the reference —
 * never the subject, the text or the file names. It goes from the null sender ({@code MAIL FROM:<>},
 * like a delivery report, so it can never bounce back into a loop) straight to the next hop, not
 * through the gate, and never to the null sender or in answer to an automatic message.
 */
final class SenderNotice {
    private static final Logger LOG = Logger.getLogger(SenderNotice.class.getName());
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final MailGateConfig config;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mail-gate-notice");
        t.setDaemon(true);
        return t;
    });

    SenderNotice(MailGateConfig config) {
        this.config = config;
    }

    /** Whether a notice goes out for this verdict and sender (queued, sent in the background). */
    boolean send(ReviewReport report, String envelopeSender, boolean senderSaidSmtputf8, List<String> recipientDomains,
                 String reference, boolean delivered) {
        if (!config.notifyOn().contains(report.verdict) || envelopeSender.isEmpty()) {
            return false;
        }
        byte[] message;
        try {
            message = compose(report, envelopeSender, recipientDomains, reference, delivered);
        } catch (MessagingException | IOException e) {
            LOG.log(Level.WARNING, "提醒邮件无法生成 ref={0}：{1}", new Object[]{reference, e.getClass().getName()});
            return false;
        }
        sender.submit(() -> deliver(message, envelopeSender, senderSaidSmtputf8, reference));
        return true;
    }

    byte[] compose(ReviewReport report, String to, List<String> domains, String reference, boolean delivered)
            throws MessagingException, IOException {
        MimeMessage m = new MimeMessage(MailContent.session());
        try {
            m.setFrom(new InternetAddress(config.noticeFrom(), "邮件保密审查", "UTF-8"));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
        m.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(to, false));
        boolean block = report.verdict == MailGateConfig.Verdict.BLOCK;
        m.setSubject(block ? "邮件未发送：未通过保密审查（审查编号 " + reference + "）"
                : "保密提醒：您发出的邮件含有需要注意的内容（审查编号 " + reference + "）", "UTF-8");
        m.setSentDate(new Date());
        m.setHeader("Auto-Submitted", "auto-generated");
        m.setHeader("X-Review-Notice", reference);
        List<String> body = new ArrayList<>();
        body.add("您于 " + ZonedDateTime.now().format(TIME) + " 发往 " + String.join("、", domains) + " 的邮件"
                + (block ? "未发送。" : (delivered ? "已发出，" : "") + "经保密审查发现需要注意的内容。"));
        body.add("");
        body.add("保密审查结论：" + (block ? "禁止发送（BLOCK）" : "提醒（WARN）"));
        body.add("");
        List<ReviewReport.Reason> reasons = new ArrayList<>(report.reasons("BLOCK"));
        reasons.addAll(report.reasons("WARN"));
        if (!reasons.isEmpty()) {
            body.add("发现的问题：");
            reasons.forEach(r -> body.add("  - " + r.zhText()));
            body.add("");
        }
        body.add("保密提醒：");
        report.reminders.forEach(r -> body.add("  - " + r));
        body.add("");
        body.add(block ? "请删除涉密或敏感内容后重新发送。如确属可以发送的内容，请联系本单位保密办。"
                : "如邮件确含涉密或敏感信息，请立即联系收件人删除并报告本单位保密办。");
        body.add("审查编号：" + reference + "（保密办可凭此编号查询审计记录）");
        body.add("");
        body.add("本邮件由邮件保密审查网关自动发送，请勿回复。");
        m.setText(String.join("\r\n", body) + "\r\n", "UTF-8");
        m.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    private void deliver(byte[] message, String to, boolean smtputf8, String reference) {
        try (NextHop hop = NextHop.open(config.nextHop(), config.hostname(), (int) config.connectTimeout().toMillis(),
                (int) config.nextHopTimeout().toMillis())) {
            boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(to);
            if (!ascii && !(smtputf8 && hop.supports("SMTPUTF8"))) {
                LOG.log(Level.WARNING, "提醒邮件未发送 ref={0}：发件人地址需要 SMTPUTF8", reference);
                return;
            }
            SmtpReply r = hop.command("MAIL FROM:<>" + (ascii ? "" : " SMTPUTF8"));
            if (r.positive()) {
                r = hop.command("RCPT TO:<" + to + ">");
            }
            if (r.positive()) {
                r = hop.data(new byte[0], lines(message));
            }
            if (!r.positive()) {
                LOG.log(Level.WARNING, "提醒邮件被下一跳拒绝 ref={0}：{1}", new Object[]{reference, r.code()});
            }
            hop.quit();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "提醒邮件发送失败 ref={0}：{1}", new Object[]{reference, e.getClass().getName()});
        }
    }

    private static List<byte[]> lines(byte[] message) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\n') {
                int end = i > start && message[i - 1] == '\r' ? i - 1 : i;
                byte[] l = new byte[end - start];
                System.arraycopy(message, start, l, 0, l.length);
                out.add(l);
                start = i + 1;
            }
        }
        if (start < message.length) {
            byte[] l = new byte[message.length - start];
            System.arraycopy(message, start, l, 0, l.length);
            out.add(l);
        }
        return out;
    }

    void close() {
        sender.shutdown();
    }
}
