package cn.disclosure.review.audit;

import cn.disclosure.review.web.ProblemException;
import cn.disclosure.review.web.Sha256;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Signed checkpoints of the audit chain. A checkpoint says "entry {@code seq} had hash {@code h}",
 * signed with the configured Ed25519 key (see {@link CheckpointKeys}, {@link Checkpoint}). One
 * background thread signs them — every {@code review.audit.checkpoint.every} entries (woken by
 * {@link AuditLog} once the transaction that crossed the mark has committed), every
 * {@code review.audit.checkpoint.interval} while new entries exist, at start and at shutdown — so
 * appending a line never waits for a signature.
 * <p>
 * A checkpoint covers only committed rows that are on disk: the newest entry is read in a
 * transaction that takes a transaction id and commits synchronously, which flushes the WAL past
 * the commit of every row it saw (routine lines are committed without waiting for the flush).
 * Before signing, the rows since the previous checkpoint are checked to extend it; a chain that
 * does not is never signed.
 * <p>
 * Each checkpoint goes to three places: the insert-only table {@code audit_checkpoint}, a JSON
 * Lines file outside the database ({@code review.audit.checkpoint.file}) and memory (the newest).
 * {@link #known()} gathers all three for {@link AuditLog#verify()}.
 */
@Startup
@ApplicationScoped
public class AuditCheckpoints {
    private static final Logger LOG = Logger.getLogger(AuditCheckpoints.class);
    private static final int PAGE = 2000;
    private static final int LISTED_ISSUES = 20;
    private static final int VERIFIED_CACHE_LIMIT = 500_000;

    public static final String MEMORY = "memory";
    public static final String FILE = "file";
    public static final String DATABASE = "database";

    /** A checkpoint that is not valid, where it was found, and why. */
    public record Issue(String source, String location, Long seq, String keyId, String problem) {
    }

    /**
     * Every checkpoint known at one moment: the newest valid one (highest seq) and the sources
     * holding it, the hashes every valid checkpoint vouches for (seq → hashes; more than one hash
     * for a seq is itself a contradiction) and the checkpoints that are not valid.
     */
    public record Known(Checkpoint newest, List<String> newestSources, NavigableMap<Long, Set<String>> signedHashes,
                        List<Issue> issues, int issueCount) {
    }

    @ConfigProperty(name = "review.audit.signing-key")
    Optional<String> signingKey;
    @ConfigProperty(name = "review.audit.trusted-keys")
    Optional<List<String>> trustedKeys;
    @ConfigProperty(name = "review.audit.checkpoint.every", defaultValue = "1000")
    long every;
    @ConfigProperty(name = "review.audit.checkpoint.interval", defaultValue = "5m")
    Duration interval;
    @ConfigProperty(name = "review.audit.checkpoint.file")
    String file;

    @Inject
    EntityManager em;
    @Inject
    RoutineAuditWriter routine;

    private CheckpointKeys keys;
    private CheckpointFile store;
    private volatile Checkpoint newest;
    /** Guarded by this: whether {@link #newest} has been seeded from the file and the database. */
    private boolean baselineLoaded;
    private String lastRefusal;
    private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
    /** Digests of (signed text, signature) already found valid: a verification checks each checkpoint's signature once. */
    private final Set<String> verified = ConcurrentHashMap.newKeySet();
    private Thread thread;
    private volatile boolean stopping;

    @PostConstruct
    void start() {
        keys = CheckpointKeys.fromConfiguration(signingKey, trustedKeys);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalStateException("review.audit.checkpoint.interval 须为正的时长");
        }
        store = new CheckpointFile(Path.of(file));
        try {
            store.prepare();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("审计检查点文件无法写入：" + store.path() + "（review.audit.checkpoint.file），服务拒绝启动");
        }
        LOG.infof("审计检查点：签名密钥 %s，每 %d 条记录及有新记录时每 %s 签发一次，文件 %s",
                keys.signingKeyId(), every, interval, store.path());
        thread = new Thread(this::run, "audit-checkpointer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * At shutdown: stop the background thread, let the routine writer commit what it holds, then
     * sign a last checkpoint of everything committed.
     */
    void onShutdown(@Observes ShutdownEvent ev) {
        stopping = true;
        wakeups.offer(Boolean.TRUE);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        routine.stop();
        try {
            checkpoint();
        } catch (RuntimeException e) {
            LOG.warnf("停止时未能签发审计检查点（%s）", e.getClass().getName());
        }
    }

    /** Whether appending took the chain from {@code before} to {@code after} entries across a multiple of {@code every}. */
    boolean due(long before, long after) {
        return every > 0 && before / every != after / every;
    }

    /** Asks the background thread for a checkpoint; never blocks. */
    void wake() {
        if (!stopping) {
            wakeups.offer(Boolean.TRUE);
        }
    }

    public CheckpointKeys keys() {
        return keys;
    }

    /** The newest checkpoint this instance knows (memory, else the file and the database); empty when there is none. */
    public Optional<Checkpoint> latest() {
        Checkpoint n = newest;
        return n != null ? Optional.of(n) : Optional.ofNullable(known().newest());
    }

    /**
     * Signs a checkpoint of the newest committed entry now and stores it, or returns the newest one
     * when nothing was appended since. A 409 problem when the chain does not extend the newest
     * checkpoint (it is then never signed); empty when the log has no entry yet.
     */
    public synchronized Optional<Checkpoint> checkpoint() {
        if (!baselineLoaded) {
            Checkpoint known = known().newest();
            if (known != null && (newest == null || known.seq() > newest.seq())) {
                newest = known;
            }
            baselineLoaded = true;
        }
        AuditEntry head = durableHead();
        Checkpoint base = newest;
        if (head == null) {
            if (base != null) {
                throw refused("审计日志为空，但签名检查点记录到第 " + base.seq() + " 条");
            }
            return Optional.empty();
        }
        if (base != null && head.seq < base.seq()) {
            throw refused("审计日志尾部缺失：签名检查点记录到第 " + base.seq() + " 条，现仅有 " + head.seq + " 条");
        }
        if (base != null && head.seq == base.seq()) {
            if (head.hash.equals(base.hash()) && AuditLog.hashOf(head).equals(head.hash)) {
                return Optional.of(base);
            }
            throw refused("审计日志第 " + head.seq + " 条与签名检查点不符");
        }
        String problem = extensionProblem(base, head);
        if (problem != null) {
            throw refused(problem);
        }
        Checkpoint cp = keys.sign(head.seq, head.hash, head.at.toInstant(), Instant.now());
        verified(cp);
        try {
            store.append(cp);
        } catch (IOException | RuntimeException e) {
            LOG.errorf("审计检查点未能写入文件 %s（%s）", store.path(), e.getClass().getName());
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> AuditCheckpointRow.of(cp).persist());
        } catch (RuntimeException e) {
            LOG.errorf("审计检查点未能写入数据库（%s）", e.getClass().getName());
        }
        newest = cp;
        lastRefusal = null;
        LOG.debugf("审计检查点：第 %d 条（密钥 %s）", cp.seq(), cp.keyId());
        return Optional.of(cp);
    }

    /**
     * Every checkpoint in memory, in the file and in the database, each signature checked against
     * the trusted keys. Read before the chain is walked: all it vouches for is committed by then.
     */
    public Known known() {
        Gather g = new Gather();
        Checkpoint mem = newest;
        if (mem != null) {
            g.consider(mem, MEMORY, "内存");
        }
        try {
            store.read(line -> {
                if (line.checkpoint() == null) {
                    g.issue(new Issue(FILE, "文件第 " + line.number() + " 行", null, null, line.problem()));
                } else {
                    g.consider(line.checkpoint(), FILE, "文件第 " + line.number() + " 行");
                }
            });
        } catch (IOException e) {
            g.issue(new Issue(FILE, store.path().toString(), null, null, "检查点文件无法读取"));
        }
        long afterId = 0;
        while (true) {
            long from = afterId;
            List<AuditCheckpointRow> rows = QuarkusTransaction.requiringNew().call(
                    () -> AuditCheckpointRow.<AuditCheckpointRow>find("id > ?1 order by id", from).page(0, PAGE).list());
            for (AuditCheckpointRow r : rows) {
                String where = "数据库 audit_checkpoint id " + r.id;
                Checkpoint c;
                try {
                    c = r.checkpoint();
                } catch (IllegalArgumentException e) {
                    g.issue(new Issue(DATABASE, where, r.seq, r.keyId, "不是有效的检查点"));
                    continue;
                }
                g.consider(c, DATABASE, where);
            }
            if (rows.size() < PAGE) {
                break;
            }
            afterId = rows.get(rows.size() - 1).id;
        }
        return g.result();
    }

    private final class Gather {
        private final NavigableMap<Long, Set<String>> signed = new TreeMap<>();
        private final Map<String, Set<String>> sourcesOf = new LinkedHashMap<>();
        private final List<Issue> issues = new ArrayList<>();
        private int issueCount;
        private Checkpoint top;

        void consider(Checkpoint c, String source, String location) {
            CheckpointKeys.Trust t = trust(c);
            if (t != CheckpointKeys.Trust.VALID) {
                issue(new Issue(source, location, c.seq(), c.keyId(), t.label));
                return;
            }
            signed.computeIfAbsent(c.seq(), s -> new LinkedHashSet<>()).add(c.hash());
            sourcesOf.computeIfAbsent(c.seq() + "/" + c.hash(), k -> new LinkedHashSet<>()).add(source);
            if (top == null || c.seq() > top.seq()) {
                top = c;
            }
        }

        void issue(Issue i) {
            issueCount++;
            if (issues.size() < LISTED_ISSUES) {
                issues.add(i);
            }
        }

        Known result() {
            List<String> sources = top == null ? List.of() : List.copyOf(sourcesOf.get(top.seq() + "/" + top.hash()));
            return new Known(top, sources, Collections.unmodifiableNavigableMap(signed), List.copyOf(issues), issueCount);
        }
    }

    private CheckpointKeys.Trust trust(Checkpoint c) {
        String digest = Sha256.hex(c.signedText() + c.signature());
        if (verified.contains(digest)) {
            return CheckpointKeys.Trust.VALID;
        }
        CheckpointKeys.Trust t = keys.check(c);
        if (t == CheckpointKeys.Trust.VALID) {
            remember(digest);
        }
        return t;
    }

    private void verified(Checkpoint c) {
        remember(Sha256.hex(c.signedText() + c.signature()));
    }

    private void remember(String digest) {
        if (verified.size() >= VERIFIED_CACHE_LIMIT) {
            verified.clear();
        }
        verified.add(digest);
    }

    /** The newest committed entry, made durable first (see the class comment); null when the log is empty. */
    private AuditEntry durableHead() {
        return QuarkusTransaction.requiringNew().call(() -> {
            em.createNativeQuery("set local synchronous_commit = on").executeUpdate();
            em.createNativeQuery("select txid_current()").getSingleResult();
            return AuditEntry.<AuditEntry>find("order by seq desc").firstResult();
        });
    }

    /** Why the rows up to {@code head} do not extend {@code base} (the whole chain when there is no base); null when they do. */
    private String extensionProblem(Checkpoint base, AuditEntry head) {
        long expected = base == null ? 1 : base.seq();
        String prev = base == null ? AuditLog.GENESIS : null;
        while (expected <= head.seq) {
            long from = expected;
            List<AuditEntry> rows = QuarkusTransaction.requiringNew().call(
                    () -> AuditEntry.<AuditEntry>find("seq >= ?1 and seq <= ?2 order by seq", from, head.seq).page(0, PAGE).list());
            if (rows.isEmpty()) {
                return "审计日志第 " + expected + " 条缺失";
            }
            for (AuditEntry e : rows) {
                if (e.seq != expected) {
                    return "审计日志第 " + expected + " 条缺失";
                }
                if (!AuditLog.hashOf(e).equals(e.hash)) {
                    return "审计日志第 " + e.seq + " 条内容被修改";
                }
                if (prev == null) {
                    if (!e.hash.equals(base.hash())) {
                        return "审计日志第 " + e.seq + " 条与签名检查点不符";
                    }
                } else if (!e.prevHash.equals(prev)) {
                    return "审计日志第 " + e.seq + " 条与上一条记录的链接不符";
                }
                prev = e.hash;
                expected++;
            }
        }
        return null;
    }

    private ProblemException refused(String why) {
        return new ProblemException(409, "checkpoint-refused", "不签发审计检查点：" + why + "。请立即校验审计日志并报告保密办");
    }

    private void run() {
        attempt();
        while (!stopping) {
            try {
                wakeups.poll(interval.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (!stopping) {
                attempt();
            }
        }
    }

    private void attempt() {
        try {
            checkpoint();
        } catch (ProblemException e) {
            String why = e.problem().detail;
            synchronized (this) {
                if (!why.equals(lastRefusal)) {
                    LOG.error(why);
                    lastRefusal = why;
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf("审计检查点签发失败（%s）", e.getClass().getName());
        }
    }
}
