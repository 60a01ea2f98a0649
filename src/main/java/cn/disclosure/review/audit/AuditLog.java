package cn.disclosure.review.audit;

import cn.disclosure.review.web.Sha256;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Appends to and verifies the hash-chained audit log. Appends are serialised with a transaction
 * advisory lock so the chain stays linear under concurrency; the append joins the caller's
 * transaction, so a rolled-back action leaves no audit line. Verification also checks the chain
 * against the signed checkpoints ({@link AuditCheckpoints}), which is what notices a deleted tail.
 */
@ApplicationScoped
public class AuditLog {
    static final String GENESIS = "0".repeat(64);
    private static final long CHAIN_LOCK = 0x5EC2E7A0D17L;
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    @Inject
    EntityManager em;
    @Inject
    AuditCheckpoints checkpoints;
    @Inject
    TransactionSynchronizationRegistry transactions;

    /**
     * The answer of {@link #verify()}: {@code ok}, the number of entries that check out, the first
     * entry that does not ({@code brokenAt}; null when the chain itself is whole but a checkpoint
     * is not valid), why, the newest valid signed checkpoint and the checkpoints that are not valid.
     */
    public record Verification(boolean ok, long length, Long brokenAt, String reason, CheckpointRef checkpoint,
                               List<AuditCheckpoints.Issue> checkpointIssues) {
    }

    /**
     * The newest valid checkpoint: the entry it covers, its key, when it was signed ({@code at}),
     * and where it was found ({@code memory}, {@code file}, {@code database}).
     */
    public record CheckpointRef(long seq, String keyId, String at, String entryAt, List<String> sources) {
    }

    /** One line to append: what happened, who did it, to what, and details without content. */
    public record Line(String action, String actor, String subjectType, String subjectId, Map<String, ?> details) {
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public AuditEntry append(String action, String actor, String subjectType, String subjectId, Map<String, ?> details) {
        return appendAll(List.of(new Line(action, actor, subjectType, subjectId, details))).get(0);
    }

    /** Appends {@code lines} in order, under one chain lock, in the caller's transaction. */
    @Transactional(Transactional.TxType.REQUIRED)
    public List<AuditEntry> appendAll(List<Line> lines) {
        em.createNativeQuery("select pg_advisory_xact_lock(" + CHAIN_LOCK + ")").getSingleResult();
        AuditEntry last = AuditEntry.find("order by seq desc").firstResult();
        OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        long before = last == null ? 0 : last.seq;
        List<AuditEntry> out = new ArrayList<>(lines.size());
        for (Line line : lines) {
            AuditEntry e = new AuditEntry();
            e.seq = last == null ? 1 : last.seq + 1;
            e.at = at;
            e.actor = line.actor();
            e.action = line.action();
            e.subjectType = line.subjectType();
            e.subjectId = line.subjectId();
            e.details = toJson(line.details());
            e.prevHash = last == null ? GENESIS : last.hash;
            e.hash = hashOf(e);
            e.persist();
            out.add(e);
            last = e;
        }
        if (last != null && checkpoints.due(before, last.seq)) {
            // A checkpoint is due; it may cover this batch only once it is committed.
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        checkpoints.wake();
                    }
                }
            });
        }
        return out;
    }

    /**
     * For a batch of high-volume routine lines that record events changing nothing (checks through
     * the API), written by {@link RoutineAuditWriter}: one transaction for the batch, and its commit
     * does not wait for the WAL flush ({@code synchronous_commit = off}). A crash can lose the last
     * fraction of a second of such lines, never break the chain (PostgreSQL keeps commit order; the
     * lost lines are the tail).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void appendRoutine(List<Line> lines) {
        em.createNativeQuery("set local synchronous_commit = off").executeUpdate();
        appendAll(lines);
    }

    /**
     * Walks the whole chain in pages and reports the first row whose link or content does not check
     * out, a row that differs from what a signed checkpoint vouches for, a chain shorter than the
     * newest checkpoint (deleted tail, truncation), and checkpoints that are not validly signed.
     */
    @Transactional
    public Verification verify() {
        // Checkpoints first: whatever they vouch for was committed before the walk starts.
        AuditCheckpoints.Known known = checkpoints.known();
        CheckpointRef ref = known.newest() == null ? null : new CheckpointRef(known.newest().seq(), known.newest().keyId(),
                known.newest().createdAt(), known.newest().entryAt(), known.newestSources());
        Iterator<Map.Entry<Long, Set<String>>> signed = known.signedHashes().entrySet().iterator();
        Map.Entry<Long, Set<String>> nextSigned = signed.hasNext() ? signed.next() : null;
        String prev = GENESIS;
        long expectedSeq = 1;
        final int page = 2000;
        while (true) {
            List<AuditEntry> rows = AuditEntry.find("seq >= ?1 order by seq", expectedSeq).page(0, page).list();
            for (AuditEntry e : rows) {
                if (e.seq != expectedSeq) {
                    return broken(expectedSeq - 1, expectedSeq, "记录缺失（序号 " + expectedSeq + "）", ref, known);
                }
                if (!e.prevHash.equals(prev)) {
                    return broken(e.seq, e.seq, "与上一条记录的链接不符", ref, known);
                }
                if (!e.hash.equals(hashOf(e))) {
                    return broken(e.seq, e.seq, "记录内容被修改", ref, known);
                }
                while (nextSigned != null && nextSigned.getKey() < e.seq) {
                    nextSigned = signed.hasNext() ? signed.next() : null;
                }
                if (nextSigned != null && nextSigned.getKey() == e.seq
                        && (nextSigned.getValue().size() > 1 || !nextSigned.getValue().contains(e.hash))) {
                    return broken(e.seq, e.seq, "与签名检查点不符（该条记录在签名后被替换）", ref, known);
                }
                prev = e.hash;
                expectedSeq++;
            }
            em.clear();
            if (rows.size() < page) {
                break;
            }
        }
        long length = expectedSeq - 1;
        if (ref != null && ref.seq() > length) {
            return broken(length, length + 1,
                    "审计日志尾部缺失：签名检查点记录到第 " + ref.seq() + " 条，现仅有 " + length + " 条", ref, known);
        }
        if (known.issueCount() > 0) {
            AuditCheckpoints.Issue first = known.issues().get(0);
            return broken(length, null, "发现 " + known.issueCount() + " 个无效的签名检查点（" + first.location() + "："
                    + first.problem() + "），检查点可能被伪造或篡改", ref, known);
        }
        return new Verification(true, length, null, null, ref, List.of());
    }

    private static Verification broken(long length, Long at, String reason, CheckpointRef ref, AuditCheckpoints.Known known) {
        return new Verification(false, length, at, reason, ref, known.issues());
    }

    /** Up to {@code limit} entries with {@code from <= seq <= to}, in chain order, detached. */
    @Transactional
    public List<AuditEntry> entries(long from, long to, int limit) {
        List<AuditEntry> rows = AuditEntry.<AuditEntry>find("seq >= ?1 and seq <= ?2 order by seq", from, to).page(0, limit).list();
        em.clear();
        return rows;
    }

    /** The entry's time exactly as {@link #hashOf} uses it. */
    public static String hashedTime(AuditEntry e) {
        return e.at.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS).toString();
    }

    static String hashOf(AuditEntry e) {
        String canonical = String.join("\u001f",
                Long.toString(e.seq),
                hashedTime(e),
                nullToEmpty(e.actor), e.action, nullToEmpty(e.subjectType), nullToEmpty(e.subjectId),
                e.details, e.prevHash);
        return Sha256.hex(canonical);
    }

    private static String toJson(Map<String, ?> details) {
        try {
            return JSON.writeValueAsString(details == null ? Map.of() : new TreeMap<>(details));
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException(ex);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
