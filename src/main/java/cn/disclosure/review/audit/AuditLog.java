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

    @Transactional(Transactional.TxType.REQUIRED)
    public AuditEntry append(String action, String actor, String subjectType, String subjectId, Map<String, ?> details) {
        em.createNativeQuery("select pg_advisory_xact_lock(" + CHAIN_LOCK + ")").getSingleResult();
        AuditEntry last = AuditEntry.find("order by seq desc").firstResult();
        AuditEntry e = new AuditEntry();
        e.seq = last == null ? 1 : last.seq + 1;
        e.at = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        e.actor = actor;
        e.action = action;
        e.subjectType = subjectType;
        e.subjectId = subjectId;
        e.details = toJson(details);
        e.prevHash = last == null ? GENESIS : last.hash;
        e.hash = hashOf(e);
        e.persist();
        return e;
    }

    /**
     * For high-volume routine events that change nothing (a check through the API): the commit does
     * not wait for the WAL flush ({@code synchronous_commit = off}), so a burst of checks is not
     * serialised on disk syncs. A crash can lose the last fraction of a second of such lines, never
     * break the chain (PostgreSQL keeps commit order; the lost lines are the tail). Call without a
     * surrounding transaction: the setting applies to the whole transaction.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public AuditEntry appendRoutine(String action, String actor, String subjectType, String subjectId, Map<String, ?> details) {
        em.createNativeQuery("set local synchronous_commit = off").executeUpdate();
        return append(action, actor, subjectType, subjectId, details);
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
