package cn.disclosure.review.mailgate;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One SMTP connection from the MTA. MAIL, RCPT and RSET are passed to the next hop as they come
 * and its answers returned, so recipients are refused where they would be; the message itself is
 * held until it has been checked: BLOCK → 554 with the reasons (nothing goes on), service
 * unreachable → 451 (the MTA keeps the message and retries), PASS/WARN → sent on with the
 * X-Review-* header fields and the next hop's answer returned.
 */
final class SmtpSession implements Runnable {
    private static final Logger LOG = Logger.getLogger(SmtpSession.class.getName());
    /** Longest command line accepted (RFC 5321 says 512; extensions and XFORWARD need more). */
    static final int MAX_COMMAND = 2048;
    static final int MAX_ERRORS = 20;

    private final MailGateConfig config;
    private final Socket socket;
    private final ReviewClient review;
    private final SenderNotice notices;
    private final GateEvents events;
    private SmtpLineReader in;
    private OutputStream out;
    private NextHop hop;

    private String helo;
    private boolean esmtp;
    private int errors;
    // the transaction
    private String sender;
    private boolean smtputf8;
    private final List<String> recipientDomains = new ArrayList<>();
    private int recipients;

    SmtpSession(MailGateConfig config, Socket socket, ReviewClient review, SenderNotice notices, GateEvents events) {
        this.config = config;
        this.events = events;
        this.socket = socket;
        this.review = review;
        this.notices = notices;
    }

    @Override
    public void run() {
        try (socket) {
            socket.setSoTimeout((int) config.smtpTimeout().toMillis());
            in = new SmtpLineReader(new BufferedInputStream(socket.getInputStream()));
            out = new BufferedOutputStream(socket.getOutputStream());
            InetAddress peer = ((InetSocketAddress) socket.getRemoteSocketAddress()).getAddress();
            if (!config.allowedClients().allows(peer)) {
                LOG.log(Level.WARNING, "拒绝未授权的连接：{0}", peer.getHostAddress());
                reply(SmtpReply.of(554, "5.7.1", "Access denied: this mail gate takes mail only from its MTA"));
                return;
            }
            try {
                hop = NextHop.open(config.nextHop(), config.hostname(), (int) config.connectTimeout().toMillis(),
                        (int) config.nextHopTimeout().toMillis());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "下一跳不可用：{0}", e.getClass().getName());
                reply(SmtpReply.of(421, "4.4.1", config.hostname() + " Next hop unavailable, try again later"));
                return;
            }
            reply(SmtpReply.of(220, null, config.hostname() + " ESMTP secrecy review mail gate"));
            loop();
        } catch (SocketTimeoutException e) {
            try {
                reply(SmtpReply.of(421, "4.4.2", config.hostname() + " Timeout, closing connection"));
            } catch (IOException ignored) {
                // the client is gone
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "连接中断：{0}", e.getClass().getName());
        } finally {
            if (hop != null) {
                hop.quit();
            }
        }
    }

    private void loop() throws IOException {
        while (true) {
            SmtpLineReader.Line line = in.read(MAX_COMMAND);
            if (line == null) {
                return;
            }
            if (line.overlong()) {
                if (!error(SmtpReply.of(500, "5.5.2", "Line too long"))) {
                    return;
                }
                continue;
            }
            String cmd = line.utf8();
            if (cmd.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                if (!error(SmtpReply.of(500, "5.5.2", "Control characters in command"))) {
                    return;
                }
                continue;
            }
            int sp = cmd.indexOf(' ');
            String verb = (sp < 0 ? cmd : cmd.substring(0, sp)).toUpperCase(Locale.ROOT);
            String arg = sp < 0 ? "" : cmd.substring(sp + 1);
            try {
                if (!dispatch(verb, arg)) {
                    return;
                }
            } catch (NextHopLost e) {
                reply(SmtpReply.of(421, "4.4.2", config.hostname() + " Connection to the next hop lost, try again later"));
                return;
            }
        }
    }

    /** Handles one command; false ends the session. */
    private boolean dispatch(String verb, String arg) throws IOException, NextHopLost {
        switch (verb) {
            case "EHLO", "HELO" -> {
                if (arg.isBlank()) {
                    return error(SmtpReply.of(501, "5.5.4", "Syntax: " + verb + " hostname"));
                }
                resetTransaction(true);
                helo = arg.strip();
                esmtp = verb.equals("EHLO");
                reply(esmtp ? ehloReply() : SmtpReply.of(250, null, config.hostname()));
            }
            case "MAIL" -> {
                return mail(arg);
            }
            case "RCPT" -> {
                return rcpt(arg);
            }
            case "DATA" -> {
                return data(arg);
            }
            case "RSET" -> {
                resetTransaction(true);
                reply(SmtpReply.of(250, "2.0.0", "OK"));
            }
            case "NOOP" -> reply(SmtpReply.of(250, "2.0.0", "OK"));
            case "QUIT" -> {
                reply(SmtpReply.of(221, "2.0.0", config.hostname() + " Bye"));
                return false;
            }
            case "VRFY" -> reply(SmtpReply.of(252, "2.5.2", "Cannot VRFY user"));
            case "HELP" -> reply(SmtpReply.of(214, "2.0.0", "Secrecy review mail gate: see deploy/mail/README.md"));
            case "XFORWARD" -> {
                if (!esmtp || !hop.supports("XFORWARD")) {
                    return error(SmtpReply.of(502, "5.5.1", "Command not implemented"));
                }
                if (!arg.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                    return error(SmtpReply.of(501, "5.5.4", "Bad XFORWARD attribute"));
                }
                reply(relay("XFORWARD " + arg));
            }
            default -> {
                return error(SmtpReply.of(502, "5.5.1", "Command not implemented"));
            }
        }
        return true;
    }

    private SmtpReply ehloReply() {
        List<String> lines = new ArrayList<>();
        lines.add(config.hostname());
        lines.add("PIPELINING");
        lines.add("SIZE " + config.maxMessageBytes());
        lines.add("ENHANCEDSTATUSCODES");
        // passed on only when the next hop takes them too
        if (hop.supports("8BITMIME")) {
            lines.add("8BITMIME");
        }
        if (hop.supports("SMTPUTF8")) {
            lines.add("SMTPUTF8");
        }
        if (hop.supports("DSN")) {
            lines.add("DSN");
        }
        if (hop.supports("XFORWARD")) {
            String p = hop.parameter("XFORWARD");
            lines.add(p.isEmpty() ? "XFORWARD" : "XFORWARD " + p);
        }
        return new SmtpReply(250, null, lines);
    }

    private boolean mail(String arg) throws IOException, NextHopLost {
        if (helo == null) {
            return error(SmtpReply.of(503, "5.5.1", "Send EHLO or HELO first"));
        }
        if (sender != null) {
            return error(SmtpReply.of(503, "5.5.1", "Nested MAIL command"));
        }
        Path p = Path.parse(arg, "FROM:");
        if (p == null) {
            return error(SmtpReply.of(501, "5.5.4", "Syntax: MAIL FROM:<address>"));
        }
        boolean utf8 = false;
        for (String param : p.params) {
            String key = param.contains("=") ? param.substring(0, param.indexOf('=')).toUpperCase(Locale.ROOT) : param.toUpperCase(Locale.ROOT);
            String value = param.contains("=") ? param.substring(param.indexOf('=') + 1) : null;
            switch (key) {
                case "SIZE" -> {
                    if (value == null || !value.matches("\\d{1,18}")) {
                        return error(SmtpReply.of(501, "5.5.4", "Bad SIZE parameter"));
                    }
                    if (Long.parseLong(value) > config.maxMessageBytes()) {
                        String reference = reference();
                        String from = p.address.isEmpty() ? "<>" : p.address;
                        SmtpReply refused = SmtpReply.of(552, "5.3.4", "Message size exceeds fixed maximum message size ("
                                + config.maxMessageBytes() + " bytes). Reference " + reference);
                        LOG.log(Level.INFO, "ref={0} result=refused reason=declared-too-large from={1}", new Object[]{reference, from});
                        if (p.ascii()) { // a non-ASCII sender without SMTPUTF8 is no valid envelope to record
                            events.report(GateEvents.Event.of(reference, refused, "declared-too-large", null, from, List.of()));
                        }
                        reply(refused);
                        return true;
                    }
                }
                case "BODY" -> {
                    String v = value == null ? "" : value.toUpperCase(Locale.ROOT);
                    if (!(v.equals("7BIT") || (v.equals("8BITMIME") && esmtp && hop.supports("8BITMIME")))) {
                        return error(SmtpReply.of(555, "5.5.4", "Unsupported BODY parameter"));
                    }
                }
                case "SMTPUTF8" -> {
                    if (value != null || !esmtp || !hop.supports("SMTPUTF8")) {
                        return error(SmtpReply.of(555, "5.5.4", "Unsupported SMTPUTF8 parameter"));
                    }
                    utf8 = true;
                }
                case "RET", "ENVID" -> {
                    if (value == null || !esmtp || !hop.supports("DSN")) {
                        return error(SmtpReply.of(555, "5.5.4", "Unsupported " + key + " parameter"));
                    }
                }
                default -> {
                    return error(SmtpReply.of(555, "5.5.4", "Unsupported parameter " + ascii(key)));
                }
            }
        }
        if (!p.ascii() && !utf8) {
            reply(SmtpReply.of(553, "5.6.7", "Non-ASCII address requires SMTPUTF8"));
            return true;
        }
        SmtpReply r = relay("MAIL FROM:<" + p.address + ">" + p.paramText());
        if (r.positive()) {
            sender = p.address;
            smtputf8 = utf8;
        }
        reply(r, utf8);
        return true;
    }

    private boolean rcpt(String arg) throws IOException, NextHopLost {
        if (sender == null) {
            return error(SmtpReply.of(503, "5.5.1", "Need MAIL command first"));
        }
        Path p = Path.parse(arg, "TO:");
        if (p == null || p.address.isEmpty()) {
            return error(SmtpReply.of(501, "5.5.4", "Syntax: RCPT TO:<address>"));
        }
        for (String param : p.params) {
            String key = (param.contains("=") ? param.substring(0, param.indexOf('=')) : param).toUpperCase(Locale.ROOT);
            if (!((key.equals("NOTIFY") || key.equals("ORCPT")) && param.contains("=") && esmtp && hop.supports("DSN"))) {
                return error(SmtpReply.of(555, "5.5.4", "Unsupported parameter " + ascii(key)));
            }
        }
        if (!p.ascii() && !smtputf8) {
            reply(SmtpReply.of(553, "5.6.7", "Non-ASCII address requires SMTPUTF8"));
            return true;
        }
        if (recipients >= config.maxRecipients()) {
            reply(SmtpReply.of(452, "4.5.3", "Too many recipients"));
            return true;
        }
        SmtpReply r = relay("RCPT TO:<" + p.address + ">" + p.paramText());
        if (r.positive()) {
            recipients++;
            String domain = p.domain();
            if (!recipientDomains.contains(domain)) {
                recipientDomains.add(domain);
            }
        }
        reply(r, smtputf8);
        return true;
    }

    private boolean data(String arg) throws IOException, NextHopLost {
        if (!arg.isBlank()) {
            return error(SmtpReply.of(501, "5.5.4", "Syntax: DATA"));
        }
        if (sender == null) {
            return error(SmtpReply.of(503, "5.5.1", "Need MAIL command first"));
        }
        if (recipients == 0) {
            return error(SmtpReply.of(554, "5.5.1", "No valid recipients"));
        }
        reply(SmtpReply.of(354, null, "End data with <CR><LF>.<CR><LF>"));
        ReceivedMessage message = ReceivedMessage.read(in, config.maxMessageBytes());
        if (message == null) {
            throw new IOException("connection closed during DATA");
        }
        String reference = reference();
        String from = sender.isEmpty() ? "<>" : sender;
        if (message.tooLarge) {
            LOG.log(Level.INFO, "ref={0} result=refused reason=too-large from={1} rcpt-domains={2}",
                    new Object[]{reference, from, String.join(",", recipientDomains)});
            SmtpReply refused = SmtpReply.of(552, "5.3.4", "Message size exceeds fixed maximum message size ("
                    + config.maxMessageBytes() + " bytes). Reference " + reference);
            events.report(GateEvents.Event.of(reference, refused, "too-large", null, from, recipientDomains));
            finish(refused, false);
            return true;
        }
        MailContent content = MailContent.of(message.bytes(), config.maxDepth());
        ReviewReport report;
        try {
            report = check(content, from, reference);
        } catch (ReviewClient.Unavailable e) {
            LOG.log(Level.WARNING, "ref={0} result=deferred reason=service-unavailable ({1}) from={2} rcpt-domains={3}",
                    new Object[]{reference, e.getMessage(), from, String.join(",", recipientDomains)});
            SmtpReply deferred = smtputf8
                    ? SmtpReply.of(451, "4.3.0", "保密审查服务暂时不可用，邮件未发送，稍后将自动重试。审查编号 " + reference)
                    : SmtpReply.of(451, "4.3.0", "Confidentiality review service unavailable, message not sent; try again later. Reference " + reference);
            // the service did not answer: the event waits in the spool until it does
            events.spool(GateEvents.Event.of(reference, deferred, "service-unavailable", null, from, recipientDomains));
            finish(deferred, smtputf8);
            return true;
        } catch (ReviewClient.Refused e) {
            LOG.log(Level.WARNING, "ref={0} result=refused reason=service-refused ({1}) from={2} rcpt-domains={3}",
                    new Object[]{reference, e.getMessage(), from, String.join(",", recipientDomains)});
            SmtpReply refused = e.status == 413
                    ? SmtpReply.of(552, "5.3.4", "Message too large for the confidentiality review. Reference " + reference)
                    : SmtpReply.of(554, "5.6.0", "Message cannot be reviewed (" + (e.code == null ? e.status : e.code) + "). Reference " + reference);
            String problem = e.code != null && e.code.matches("[a-z0-9][a-z0-9-]{0,63}") ? e.code : Integer.toString(e.status);
            events.report(e.status == 413
                    ? GateEvents.Event.of(reference, refused, "service-too-large", null, from, recipientDomains)
                    : GateEvents.Event.of(reference, refused, "service-refused", problem, from, recipientDomains));
            finish(refused, false);
            return true;
        }
        String categories = String.join(",", report.categories());
        if (report.verdict == MailGateConfig.Verdict.BLOCK) {
            LOG.log(Level.INFO, "ref={0} result=refused verdict=BLOCK from={1} rcpt-domains={2} categories={3}",
                    new Object[]{reference, from, String.join(",", recipientDomains), categories});
            if (!content.autoSubmitted) {
                notices.send(report, sender, smtputf8, List.copyOf(recipientDomains), reference, false);
            }
            finish(report.refusal(reference, smtputf8), smtputf8);
            return true;
        }
        byte[] head = ReviewHeaders.of(report, reference);
        SmtpReply r;
        try {
            r = hop.data(head, message.withoutReviewHeaders());
        } catch (IOException e) {
            throw new NextHopLost();
        }
        LOG.log(Level.INFO, "ref={0} result={1} verdict={2} from={3} rcpt-domains={4} categories={5} next-hop={6}",
                new Object[]{reference, r.positive() ? "delivered" : "next-hop-refused", report.verdict, from,
                        String.join(",", recipientDomains), categories, r.code()});
        if (r.positive() && !content.autoSubmitted) {
            notices.send(report, sender, smtputf8, List.copyOf(recipientDomains), reference, true);
        }
        reply(r, smtputf8);
        resetTransaction(false);
        return true;
    }

    /** Every part of the message through the check API; more files than one call takes go in further calls. */
    private ReviewReport check(MailContent content, String from, String reference)
            throws ReviewClient.Unavailable, ReviewClient.Refused {
        List<MailContent.File> files = content.files;
        int per = config.maxFilesPerCheck();
        MailGateConfig.Verdict verdict = MailGateConfig.Verdict.PASS;
        List<ReviewClient.Finding> findings = new ArrayList<>();
        List<String> reminders = List.of();
        int start = 0;
        boolean first = true;
        while (first || start < files.size()) {
            List<MailContent.File> batch = files.subList(start, Math.min(files.size(), start + per));
            ReviewClient.Review r = review.check(new ReviewClient.Request(first ? content.title : null,
                    first ? content.text : null, batch, from, List.copyOf(recipientDomains), reference,
                    first ? List.copyOf(content.problems) : List.of()));
            if (first) {
                reminders = r.reminders();
                events.serviceAnswered();
            }
            findings.addAll(r.findings());
            if (r.verdict().ordinal() > verdict.ordinal()) {
                verdict = r.verdict();
            }
            first = false;
            start += batch.size();
            if (verdict == MailGateConfig.Verdict.BLOCK) {
                break; // refused: the service has written MAIL_REFUSED
            }
        }
        return new ReviewReport(verdict, List.copyOf(findings), reminders, files);
    }

    /** Ends a transaction the gate decided itself: the next hop forgets it (RSET), the client gets {@code r}. */
    private void finish(SmtpReply r, boolean utf8) throws IOException, NextHopLost {
        resetTransaction(true);
        reply(r, utf8);
    }

    private void resetTransaction(boolean tellNextHop) throws NextHopLost {
        if (tellNextHop && sender != null) {
            SmtpReply r = relay("RSET");
            if (!r.positive()) {
                throw new NextHopLost();
            }
        }
        sender = null;
        smtputf8 = false;
        recipients = 0;
        recipientDomains.clear();
    }

    private SmtpReply relay(String command) throws NextHopLost {
        try {
            return hop.command(command);
        } catch (IOException e) {
            throw new NextHopLost();
        }
    }

    /** A refused command; false (end the session) after too many of them. */
    private boolean error(SmtpReply r) throws IOException {
        errors++;
        if (errors > MAX_ERRORS) {
            reply(SmtpReply.of(421, "4.7.0", config.hostname() + " Too many errors, closing connection"));
            return false;
        }
        reply(r);
        return true;
    }

    private void reply(SmtpReply r) throws IOException {
        reply(r, false);
    }

    private void reply(SmtpReply r, boolean utf8) throws IOException {
        out.write(r.encode(utf8));
        out.flush();
    }

    private static String ascii(String s) {
        return SmtpReply.ascii(s.length() > 40 ? s.substring(0, 40) : s);
    }

    static String reference() {
        return HexFormat.of().formatHex(ReviewClient.randomBytes(8));
    }

    /** The connection to the next hop broke or it stopped taking commands: the session ends with 421. */
    private static final class NextHopLost extends Exception {
    }

    /** {@code FROM:<address> params} / {@code TO:<address> params} of MAIL and RCPT. */
    record Path(String address, List<String> params) {
        static Path parse(String arg, String keyword) {
            if (arg.length() < keyword.length() || !arg.substring(0, keyword.length()).equalsIgnoreCase(keyword)) {
                return null;
            }
            String rest = arg.substring(keyword.length()).stripLeading();
            if (!rest.startsWith("<")) {
                return null;
            }
            int close = rest.indexOf('>');
            if (close < 0) {
                return null;
            }
            String address = rest.substring(1, close);
            if (address.startsWith("@")) { // a source route (RFC 5321 §4.1.2): ignored, as RFC 5321 says
                int colon = address.indexOf(':');
                if (colon < 0) {
                    return null;
                }
                address = address.substring(colon + 1);
            }
            if (address.length() > 512 || address.chars().anyMatch(c -> c <= 0x20 || c == '<' || c == '>' || c == 0x7f)) {
                return null;
            }
            String paramText = rest.substring(close + 1).strip();
            List<String> params = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (String prm : paramText.isEmpty() ? new String[0] : paramText.split("\\s+")) {
                String key = (prm.contains("=") ? prm.substring(0, prm.indexOf('=')) : prm).toUpperCase(Locale.ROOT);
                if (!key.matches("[A-Z0-9][A-Z0-9-]*") || !seen.add(key)) {
                    return null;
                }
                params.add(prm);
            }
            return new Path(address, params);
        }

        String paramText() {
            return params.isEmpty() ? "" : " " + String.join(" ", params);
        }

        boolean ascii() {
            return StandardCharsets.US_ASCII.newEncoder().canEncode(address) && params.stream().allMatch(
                    s -> StandardCharsets.US_ASCII.newEncoder().canEncode(s));
        }

        /** The domain of the address, lower case; a local recipient without one (postmaster) counts as localhost. */
        String domain() {
            int at = address.lastIndexOf('@');
            return at < 0 ? "localhost" : address.substring(at + 1).toLowerCase(Locale.ROOT);
        }
    }
}
