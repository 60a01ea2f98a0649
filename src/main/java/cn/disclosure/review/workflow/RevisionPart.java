package cn.disclosure.review.workflow;

import cn.disclosure.review.extract.ExtractedPart;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.List;

/**
 * One extracted part of a revision (body, an attachment, its header, a comment, a page's OCR…) with
 * its text exactly as the inspection read it: the findings' offsets point into this text, so the
 * review page shows them where they are without reading the files again. Insert-only.
 */
@Entity
@Table(name = "revision_part")
public class RevisionPart extends PanacheEntityBase {

    @Embeddable
    public static class Key implements Serializable {
        @Column(name = "revision_id")
        public long revisionId;
        public int position;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.revisionId == revisionId && k.position == position;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(revisionId) * 31 + position;
        }
    }

    @EmbeddedId
    public Key key;
    @Column(nullable = false, updatable = false)
    public String name;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public ExtractedPart.Origin origin;
    @Column(nullable = false, updatable = false)
    public String text;

    public ExtractedPart toPart() {
        return new ExtractedPart(name, text, origin);
    }

    /**
     * The parts of each of these revisions, in order: one query however many revisions, read as
     * values (no managed entities, so a long transaction's flushes do not walk them).
     */
    public static java.util.Map<Long, List<ExtractedPart>> ofAll(java.util.Collection<Long> revisionIds) {
        java.util.Map<Long, List<ExtractedPart>> parts = new java.util.HashMap<>();
        if (revisionIds.isEmpty()) {
            return parts;
        }
        List<Object[]> rows = getEntityManager().createQuery(
                        "select r.key.revisionId, r.name, r.origin, r.text from RevisionPart r where r.key.revisionId in ?1 "
                                + "order by r.key.revisionId, r.key.position", Object[].class)
                .setParameter(1, java.util.Set.copyOf(revisionIds)).getResultList();
        for (Object[] r : rows) {
            parts.computeIfAbsent((Long) r[0], k -> new java.util.ArrayList<>())
                    .add(new ExtractedPart((String) r[1], (String) r[3], (ExtractedPart.Origin) r[2]));
        }
        return parts;
    }

    public static List<ExtractedPart> of(long revisionId) {
        return RevisionPart.<RevisionPart>list("key.revisionId = ?1 order by key.position", revisionId).stream()
                .map(RevisionPart::toPart).toList();
    }
}
