package cn.disclosure.review.excerpt;

import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.text.Normalizer;
import cn.disclosure.review.web.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers and removes protected documents. The text is reduced to fingerprints here and then
 * dropped: it is never stored, logged, audited or returned.
 */
@ApplicationScoped
public class ProtectedDocumentService {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ProtectedDocumentService.class);
    static final int TITLE_MAX = 200;
    static final int LEVEL_MAX = 40;

    @Inject
    ProtectedDocuments documents;
    @Inject
    EntityManager em;
    @Inject
    AuditLog audit;
    @Inject
    jakarta.enterprise.event.Event<ProtectedDocumentRegistered> registered;

    /** What the API shows of a protected document: never its text. */
    public record Summary(long id, String title, String level, int characters, int fingerprints, Integer common,
                          String registeredBy, OffsetDateTime registeredAt, boolean keyMismatch) {
    }

    public Summary register(String title, String level, String text, int unreadableParts, String actor) {
        String t = title == null ? "" : title.strip();
        if (t.isEmpty() || t.length() > TITLE_MAX) {
            throw ProblemException.badRequest("invalid-title", "请填写受保护文件的标题（不超过 " + TITLE_MAX + " 个字）");
        }
        String lv = level == null || level.isBlank() ? null : level.strip();
        if (lv != null && lv.length() > LEVEL_MAX) {
            throw ProblemException.badRequest("invalid-level", "密级或类别不超过 " + LEVEL_MAX + " 个字");
        }
        Letters letters = Letters.of(Normalizer.standard().normalize(text == null ? "" : text));
        if (letters.count < Fingerprinter.RUN) {
            throw ProblemException.badRequest("protected-text-too-short",
                    "受保护文件的文字（不计标点和空白）少于 " + Fingerprinter.RUN + " 个字，无法用于摘录比对");
        }
        Fingerprinter f = documents.fingerprinter();
        Fingerprinter.Prints prints = f.prints(letters);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        Summary s = QuarkusTransaction.requiringNew().call(() -> {
            long id = ((Number) em.createNativeQuery("insert into protected_document (title, level, characters, fingerprints, key_id,"
                            + " registered_by, registered_at) values (:t, :l, :c, :f, :k, :by, :at) returning id")
                    .setParameter("t", t).setParameter("l", lv).setParameter("c", prints.characters())
                    .setParameter("f", prints.grams().length).setParameter("k", f.keyId()).setParameter("by", actor)
                    .setParameter("at", now).getSingleResult()).longValue();
            insert("insert into protected_fingerprint (document_id, fp) values (?, ?)", id, prints.grams());
            insert("insert into protected_run (document_id, fp) values (?, ?)", id, prints.runs());
            int common = ((Number) em.createNativeQuery("select count(distinct f.fp) from protected_fingerprint f"
                    + " where f.document_id = :id and exists (select 1 from public_fingerprint p where p.fp = f.fp)")
                    .setParameter("id", id).getSingleResult()).intValue();
            bumpVersion(em);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("title", t);
            if (lv != null) {
                details.put("level", lv);
            }
            details.put("characters", prints.characters());
            details.put("fingerprints", prints.grams().length);
            details.put("runs", prints.runs().length);
            details.put("common", common);
            if (unreadableParts > 0) {
                details.put("unreadableParts", unreadableParts);
            }
            audit.append("protected-document.register", actor, "protected-document", Long.toString(id), details);
            return new Summary(id, t, lv, prints.characters(), prints.grams().length, common, actor, now, false);
        });
        documents.reload();
        try {
            registered.fire(new ProtectedDocumentRegistered(s.id(), s.title(), actor));
        } catch (RuntimeException e) {
            // the document is registered and in force; only the rescan of published items did not start
            LOG.errorf("受保护文件 %d 登记后的重新检查未能启动（%s）", s.id(), e.getClass().getSimpleName());
        }
        return s;
    }

    private void insert(String sql, long id, long[] fps) {
        em.unwrap(Session.class).doWork(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                int n = 0;
                for (long fp : fps) {
                    ps.setLong(1, id);
                    ps.setLong(2, fp);
                    ps.addBatch();
                    if (++n % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
        });
    }

    static void bumpVersion(EntityManager em) {
        em.createNativeQuery("update excerpt_index_version set version = version + 1 where id = 1").executeUpdate();
    }

    public List<Summary> list() {
        String key = documents.fingerprinter().keyId();
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select id, title, level, characters, fingerprints, registered_by,"
                    + " registered_at, key_id from protected_document order by id").getResultList();
            List<Summary> out = new ArrayList<>(rows.size());
            for (Object[] r : rows) {
                out.add(new Summary(((Number) r[0]).longValue(), (String) r[1], (String) r[2], ((Number) r[3]).intValue(),
                        ((Number) r[4]).intValue(), null, (String) r[5], toOffset(r[6]), !key.equals(r[7])));
            }
            return out;
        });
    }

    private static OffsetDateTime toOffset(Object o) {
        if (o instanceof OffsetDateTime odt) {
            return odt;
        }
        if (o instanceof java.time.Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        return ((Timestamp) o).toInstant().atOffset(ZoneOffset.UTC);
    }

    public void delete(long id, String actor) {
        QuarkusTransaction.requiringNew().run(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select title, characters, fingerprints from protected_document where id = :id for update")
                    .setParameter("id", id).getResultList();
            if (rows.isEmpty()) {
                throw ProblemException.notFound("受保护文件");
            }
            Object[] r = rows.get(0);
            em.createNativeQuery("delete from protected_run where document_id = :id").setParameter("id", id).executeUpdate();
            em.createNativeQuery("delete from protected_fingerprint where document_id = :id").setParameter("id", id).executeUpdate();
            em.createNativeQuery("delete from protected_document where id = :id").setParameter("id", id).executeUpdate();
            bumpVersion(em);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("title", r[0]);
            details.put("characters", ((Number) r[1]).intValue());
            details.put("fingerprints", ((Number) r[2]).intValue());
            audit.append("protected-document.delete", actor, "protected-document", Long.toString(id), details);
        });
        documents.reload();
    }
}
