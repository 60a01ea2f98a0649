package cn.disclosure.review.audit;

import cn.disclosure.review.web.Sha256;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Appends to and verifies the hash-chained audit log. Appends are serialised with a transaction
 * advisory lock so the chain stays linear under concurrency; the append joins the caller's
 * transaction, so a rolled-back action leaves no audit line.
 */
@ApplicationScoped
public class AuditLog {
    static final String GENESIS = "0".repeat(64);
    private static final long CHAIN_LOCK = 0x5EC2E7A0D17L;
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    @Inject
    EntityManager em;

    public record Verification(boolean ok, long length, Long brokenAt, String reason) {
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

    /** Walks the whole chain in pages and reports the first row whose link or content does not check out. */
    @Transactional
    public Verification verify() {
        String prev = GENESIS;
        long expectedSeq = 1;
        final int page = 2000;
        while (true) {
            List<AuditEntry> rows = AuditEntry.find("seq >= ?1 order by seq", expectedSeq).page(0, page).list();
            for (AuditEntry e : rows) {
                if (e.seq != expectedSeq) {
                    return new Verification(false, expectedSeq - 1, expectedSeq, "记录缺失（序号 " + expectedSeq + "）");
                }
                if (!e.prevHash.equals(prev)) {
                    return new Verification(false, e.seq, e.seq, "与上一条记录的链接不符");
                }
                if (!e.hash.equals(hashOf(e))) {
                    return new Verification(false, e.seq, e.seq, "记录内容被修改");
                }
                prev = e.hash;
                expectedSeq++;
            }
            em.clear();
            if (rows.size() < page) {
                return new Verification(true, expectedSeq - 1, null, null);
            }
        }
    }

    static String hashOf(AuditEntry e) {
        String canonical = String.join("\u001f",
                Long.toString(e.seq),
                e.at.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS).toString(),
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
