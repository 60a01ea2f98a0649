package cn.disclosure.review.excerpt;

import cn.disclosure.review.text.Normalizer;
import cn.disclosure.review.workflow.PublicationRecorded;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Boilerplate: what is already public is not evidence of an excerpt. The winnowed gram
 * fingerprints of every published, not withdrawn revision (the stored text of all its parts,
 * {@code revision_part}) are kept in {@code public_fingerprint}; a protected document's gram that is
 * among them is left out of the candidate index. A publication adds its grams (and drops them from
 * the index in force at once); a withdrawal removes them (and reloads the index). Publications
 * not yet fingerprinted — those from before this feature, or from a time another key was in force —
 * are caught up in batches by {@link #catchUp()}.
 */
@ApplicationScoped
public class PublicFingerprints {
    private static final Logger LOG = Logger.getLogger(PublicFingerprints.class);
    private static final int BATCH = 100;

    @Inject
    ProtectedDocuments documents;
    @Inject
    EntityManager em;

    void onPublication(@Observes(during = TransactionPhase.AFTER_SUCCESS) PublicationRecorded event) {
        try {
            if (event.withdrawn()) {
                QuarkusTransaction.requiringNew().run(() -> {
                    forget(event.publicationId());
                    ProtectedDocumentService.bumpVersion(em);
                });
                documents.reload();
            } else {
                long[] grams = QuarkusTransaction.requiringNew().call(() -> {
                    long[] g = fingerprint(event.publicationId());
                    ProtectedDocumentService.bumpVersion(em);
                    return g;
                });
                documents.dropCommon(grams);
            }
        } catch (RuntimeException e) {
            // the catch-up run retries what is missing
            LOG.warnf("公开内容指纹更新失败（发布 %d）：%s", event.publicationId(), e.getClass().getName());
        }
    }

    /** Fingerprints publications that are not yet (or were with another key), a batch at a time. */
    @Scheduled(every = "${review.excerpt.refresh-interval:30s}", delay = 5, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void catchUp() {
        try {
            int done;
            do {
                done = catchUpBatch();
            } while (done == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("补算公开内容指纹失败：%s", e.getClass().getName());
        }
    }

    /** One batch; returns how many publications it fingerprinted (bumps the version when any). */
    int catchUpBatch() {
        String key = documents.fingerprinter().keyId();
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Number> ids = em.createNativeQuery("select p.id from publication p"
                            + " where not exists (select 1 from publication_withdrawal w where w.publication_id = p.id)"
                            + " and not exists (select 1 from public_fingerprint_source s where s.publication_id = p.id and s.key_id = :k)"
                            + " order by p.id limit " + BATCH)
                    .setParameter("k", key).getResultList();
            for (Number id : ids) {
                forget(id.longValue());
                fingerprint(id.longValue());
            }
            if (!ids.isEmpty()) {
                ProtectedDocumentService.bumpVersion(em);
            }
            return ids.size();
        });
    }

    /** Stores the grams of a publication's revision; returns them sorted. */
    long[] fingerprint(long publicationId) {
        @SuppressWarnings("unchecked")
        List<Object[]> parts = em.createNativeQuery("select rp.text, rp.origin from publication p join revision_part rp on rp.revision_id = p.revision_id"
                + " where p.id = :id order by rp.position").setParameter("id", publicationId).getResultList();
        if (parts.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<Object[]> legacy = em.createNativeQuery("select r.title || chr(10) || r.body, 'VISIBLE' from publication p"
                    + " join draft_revision r on r.id = p.revision_id where p.id = :id").setParameter("id", publicationId).getResultList();
            parts = legacy;
        }
        Fingerprinter f = documents.fingerprinter();
        long[] all = new long[0];
        for (Object[] part : parts) {
            Letters l = Letters.of(Normalizer.standard().normalize((String) part[0]));
            int[] selected = f.select(l);
            long[] g = new long[selected.length];
            for (int i = 0; i < selected.length; i++) {
                g[i] = f.gram(l, selected[i]);
            }
            long[] merged = java.util.Arrays.copyOf(all, all.length + g.length);
            System.arraycopy(g, 0, merged, all.length, g.length);
            all = merged;
        }
        long[] grams = Fingerprinter.distinct(all);
        em.unwrap(Session.class).doWork(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "insert into public_fingerprint (publication_id, fp) values (?, ?) on conflict do nothing")) {
                for (long fp : grams) {
                    ps.setLong(1, publicationId);
                    ps.setLong(2, fp);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
        em.createNativeQuery("insert into public_fingerprint_source (publication_id, key_id, fingerprints, done_at)"
                        + " values (:id, :k, :n, :at) on conflict (publication_id) do update set key_id = excluded.key_id,"
                        + " fingerprints = excluded.fingerprints, done_at = excluded.done_at")
                .setParameter("id", publicationId).setParameter("k", f.keyId()).setParameter("n", grams.length)
                .setParameter("at", OffsetDateTime.now(ZoneOffset.UTC)).executeUpdate();
        return grams;
    }

    void forget(long publicationId) {
        em.createNativeQuery("delete from public_fingerprint where publication_id = :id").setParameter("id", publicationId).executeUpdate();
        em.createNativeQuery("delete from public_fingerprint_source where publication_id = :id").setParameter("id", publicationId).executeUpdate();
    }
}
