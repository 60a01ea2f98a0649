package cn.disclosure.review.mailgate;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The mail gate: a small SMTP proxy between an office's MTA and the MTA's re-injection listener
 * that checks every outgoing message through the review service before it leaves
 * ({@code POST /api/v1/check}, channel EMAIL, a MAIL_GATE account). Plain Java — no Quarkus, no
 * CDI — started by deploy/mail/run.sh from the service's build; configured by environment
 * ({@link MailGateConfig}); see deploy/mail/README.md for Postfix.
 */
public final class MailGate implements Closeable {
    private static final Logger LOG = Logger.getLogger(MailGate.class.getName());

    private final MailGateConfig config;
    private final ServerSocket server;
    private final ExecutorService sessions;
    private final Semaphore slots;
    private final ReviewClient review;
    private final SenderNotice notices;
    private final GateEvents events;
    private final Thread acceptor;
    private volatile boolean closing;

    private MailGate(MailGateConfig config) throws IOException {
        this.config = config;
        this.review = new ReviewClient(config);
        this.events = new GateEvents(config, review);
        this.server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(config.listen(), 100);
        } catch (IOException e) {
            events.close();
            server.close();
            throw e;
        }
        this.sessions = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mail-gate-session");
            t.setDaemon(true);
            return t;
        });
        this.slots = new Semaphore(config.maxConnections());
        this.notices = new SenderNotice(config);
        this.acceptor = new Thread(this::accept, "mail-gate-accept");
    }

    /** Binds the listening socket and starts accepting connections. */
    public static MailGate start(MailGateConfig config) throws IOException {
        MailGate gate = new MailGate(config);
        gate.acceptor.start();
        LOG.log(Level.INFO, "邮件保密审查网关已启动：监听 {0}，下一跳 {1}，审查服务 {2}",
                new Object[]{gate.server.getLocalSocketAddress(), config.nextHop(), config.serviceUrl()});
        return gate;
    }

    /** The port the gate listens on (the configured one, or the one the system chose for port 0). */
    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closing) {
            Socket s;
            try {
                s = server.accept();
            } catch (SocketException e) {
                if (closing) {
                    return;
                }
                LOG.log(Level.WARNING, "接受连接失败：{0}", e.getClass().getName());
                continue;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "接受连接失败：{0}", e.getClass().getName());
                continue;
            }
            if (!slots.tryAcquire()) {
                refuseBusy(s);
                continue;
            }
            try {
                sessions.execute(() -> {
                    try {
                        new SmtpSession(config, s, review, notices, events).run();
                    } finally {
                        slots.release();
                    }
                });
            } catch (RuntimeException e) {
                slots.release();
                refuseBusy(s);
            }
        }
    }

    private void refuseBusy(Socket s) {
        try (s) {
            s.setSoTimeout(5000);
            OutputStream o = s.getOutputStream();
            o.write(SmtpReply.of(421, "4.3.2", config.hostname() + " Too many connections, try again later").encode(false));
            o.flush();
        } catch (IOException ignored) {
            // the client is gone
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sessions.shutdownNow();
        notices.close();
        events.close();
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
            sessions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws Exception {
        MailGateConfig config;
        try {
            config = MailGateConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("邮件保密审查网关配置错误：" + e.getMessage());
            System.exit(2);
            return;
        }
        MailGate gate;
        try {
            java.nio.file.Files.createDirectories(config.dataDir());
        } catch (IOException | RuntimeException e) {
            System.err.println("邮件保密审查网关配置错误：MAIL_GATE_DATA_DIR：无法创建或写入 " + config.dataDir());
            System.exit(2);
            return;
        }
        try {
            gate = start(config);
        } catch (IOException e) {
            System.err.println("邮件保密审查网关无法监听 " + config.listen() + "：" + e.getClass().getSimpleName());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(gate::close, "mail-gate-shutdown"));
        System.out.write(("mail-gate listening on " + gate.server.getLocalSocketAddress() + "\n").getBytes(StandardCharsets.UTF_8));
        System.out.flush();
        gate.acceptor.join();
    }
}
