package cn.disclosure.review.mailgate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gate's own refusals and deferrals for the service's audit log
 * ({@code POST /api/v1/mail-gate/events}): too large, a request the service refused, the service
 * unreachable. An event the service cannot take now — and every 451 given because the service did
 * not answer — goes into a small append-only spool in {@code MAIL_GATE_DATA_DIR}
 * ({@code audit-spool.jsonl}: one JSON line per event, envelope metadata only, no content), which
 * is delivered when the service answers again (a check succeeds) and every
 * {@code MAIL_GATE_SPOOL_RETRY}. Delivery is idempotent: each event has an id and the service
 * records an id once, so a crash between delivery and the spool's rewrite duplicates nothing.
 */
final class GateEvents implements Closeable {
    private static final Logger LOG = Logger.getLogger(GateEvents.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    /** The spool never grows beyond this; events beyond it stay only in the gate's log. */
    static final long MAX_SPOOL_BYTES = 16L * 1024 * 1024;
    static final String SPOOL_FILE = "audit-spool.jsonl";

    /** One event, as the service's {@code MailGateEvent} takes it. */
    record Event(String eventId, String reference, int replyCode, String enhancedCode, String reason, String serviceProblem,
                 String sender, List<String> recipientDomains, String occurredAt, Boolean spooled) {
        static Event of(String reference, SmtpReply reply, String reason, String serviceProblem, String sender,
                        List<String> recipientDomains) {
            return new Event(UUID.randomUUID().toString(), reference, reply.code(), reply.enhanced(), reason, serviceProblem,
                    sender, List.copyOf(recipientDomains), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), null);
        }

        Event asSpooled() {
            return new Event(eventId, reference, replyCode, enhancedCode, reason, serviceProblem, sender, recipientDomains,
                    occurredAt, Boolean.TRUE);
        }
    }

    private final ReviewClient client;
    private final Path spool;
    private final Object fileLock = new Object();
    private final Object wake = new Object();
    private final long retryMillis;
    private final Thread flusher;
    private volatile boolean closing;
    private boolean pending;

    GateEvents(MailGateConfig config, ReviewClient client) throws IOException {
        this.client = client;
        Path dir = Files.createDirectories(config.dataDir());
        if (!Files.isWritable(dir)) {
            throw new IOException("data directory not writable");
        }
        this.spool = dir.resolve(SPOOL_FILE);
        this.retryMillis = config.spoolRetry().toMillis();
        this.flusher = new Thread(this::run, "mail-gate-audit-spool");
        flusher.setDaemon(true);
        flusher.start();
    }

    /** Tells the service now; when it cannot be reached, the event waits in the spool. */
    void report(Event e) {
        try {
            client.report(e);
        } catch (ReviewClient.Unavailable ex) {
            spool(e);
        } catch (ReviewClient.Refused ex) {
            LOG.log(Level.WARNING, "ref={0} 审计事件被审查服务拒绝（{1}），未记录", new Object[]{e.reference(), ex.getMessage()});
        }
    }

    /** Appends the event to the spool (the service did not answer: there is no point asking it now). */
    void spool(Event e) {
        byte[] line;
        try {
            line = (JSON.writeValueAsString(e.asSpooled()) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        synchronized (fileLock) {
            try {
                if (Files.exists(spool) && Files.size(spool) + line.length > MAX_SPOOL_BYTES) {
                    LOG.log(Level.SEVERE, "ref={0} 审计暂存文件已满，事件只记在网关日志中", e.reference());
                    return;
                }
                if (!Files.exists(spool)) {
                    Files.createFile(spool, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                }
                Files.write(spool, line, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            } catch (IOException ex) {
                LOG.log(Level.SEVERE, "ref={0} 审计事件无法写入暂存文件：{1}", new Object[]{e.reference(), ex.getClass().getName()});
            }
        }
        synchronized (wake) {
            pending = true;
        }
    }

    /** The service answered a check: deliver the spool now if anything waits in it. */
    void serviceAnswered() {
        synchronized (wake) {
            if (pending) {
                wake.notifyAll();
            }
        }
    }

    /**
     * Delivers what waits in the spool, in order, until the service stops answering; then rewrites
     * the spool without the delivered events (and without events the service will never take).
     * Returns how many events are left.
     */
    int flush() {
        List<String> lines;
        synchronized (fileLock) {
            try {
                if (!Files.exists(spool)) {
                    return 0;
                }
                lines = Files.readAllLines(spool, StandardCharsets.UTF_8);
            } catch (IOException ex) {
                LOG.log(Level.WARNING, "审计暂存文件无法读取：{0}", ex.getClass().getName());
                return -1;
            }
        }
        Set<String> done = new HashSet<>();
        for (String l : lines) {
            if (l.isBlank()) {
                done.add(l);
                continue;
            }
            Event e;
            try {
                e = JSON.readValue(l, Event.class);
            } catch (IOException | RuntimeException ex) {
                LOG.log(Level.WARNING, "审计暂存文件中有无法读取的一行，已跳过");
                done.add(l);
                continue;
            }
            try {
                client.report(e);
                done.add(l);
            } catch (ReviewClient.Unavailable ex) {
                break; // still down: the rest waits
            } catch (ReviewClient.Refused ex) {
                LOG.log(Level.WARNING, "ref={0} 暂存的审计事件被审查服务拒绝（{1}），已丢弃", new Object[]{e.reference(), ex.getMessage()});
                done.add(l);
            }
        }
        if (done.isEmpty()) {
            return lines.size();
        }
        synchronized (fileLock) {
            try {
                // lines appended while delivering stay; only the delivered ones go
                List<String> now = Files.readAllLines(spool, StandardCharsets.UTF_8);
                List<String> left = new ArrayList<>();
                for (String l : now) {
                    if (!done.contains(l)) {
                        left.add(l);
                    }
                }
                Path tmp = spool.resolveSibling(SPOOL_FILE + ".tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(tmp, left.isEmpty() ? new byte[0] : (String.join("\n", left) + "\n").getBytes(StandardCharsets.UTF_8),
                        StandardOpenOption.WRITE, StandardOpenOption.SYNC);
                Files.move(tmp, spool, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                if (!left.isEmpty()) {
                    synchronized (wake) {
                        pending = true;
                    }
                }
                return left.size();
            } catch (IOException ex) {
                LOG.log(Level.WARNING, "审计暂存文件无法改写：{0}", ex.getClass().getName());
                return -1;
            }
        }
    }

    private void run() {
        synchronized (wake) {
            try {
                pending = Files.exists(spool) && Files.size(spool) > 0;
            } catch (IOException ex) {
                pending = true;
            }
        }
        while (!closing) {
            boolean due;
            synchronized (wake) {
                due = pending;
                pending = false;
            }
            if (due) {
                int left = flush();
                if (left > 0 || left < 0) {
                    synchronized (wake) {
                        pending = true;
                    }
                } else if (left == 0) {
                    LOG.log(Level.INFO, "审计暂存文件已全部送达审查服务");
                }
            }
            synchronized (wake) {
                try {
                    if (!closing) {
                        wake.wait(retryMillis);
                    }
                } catch (InterruptedException e) {
                    return;
                }
                if (!pending) {
                    try {
                        pending = Files.exists(spool) && Files.size(spool) > 0;
                    } catch (IOException ex) {
                        pending = true;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        flusher.interrupt();
        try {
            flusher.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
