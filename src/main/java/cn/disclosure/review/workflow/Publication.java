package cn.disclosure.review.workflow;

import cn.disclosure.review.core.Verdict;
import cn.disclosure.review.core.Channel;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * 信息发布登记: one publication of one approved revision on one channel, with a snapshot of what
 * went online. Insert-only; unique per (revision, channel) — one approval publishes once.
 */
@Entity
@Table(name = "publication")
public class Publication extends PanacheEntityBase {
    public enum Via { GATE, EDITOR }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "draft_id", nullable = false, updatable = false)
    public long draftId;
    @Column(name = "revision_id", nullable = false, updatable = false)
    public long revisionId;
    @Column(nullable = false, updatable = false)
    public int revision;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Channel channel;
    @Column(updatable = false)
    public String url;
    @Column(nullable = false, updatable = false)
    public String title;
    @Column(name = "doc_number", updatable = false)
    public String docNumber;
    @Column(nullable = false, updatable = false)
    public String department;
    @Column(nullable = false, updatable = false)
    public String submitter;
    @Column(name = "content_hash", nullable = false, updatable = false)
    public String contentHash;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Verdict verdict;
    @Column(name = "published_at", nullable = false, updatable = false)
    public OffsetDateTime publishedAt;
    @Column(name = "published_by", nullable = false, updatable = false)
    public String publishedBy;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Via via;

    public static List<Publication> ofDraft(long draftId) {
        return list("draftId = ?1 order by publishedAt", draftId);
    }

    public static Optional<Publication> ofRevision(long revisionId, Channel channel) {
        return find("revisionId = ?1 and channel = ?2", revisionId, channel).firstResultOptional();
    }

    /**
     * The publications among {@code ids} that exist and are not withdrawn, by id in id order: one
     * query however many ids (rescans read their candidates in batches).
     */
    public static java.util.Map<Long, Publication> openAmong(java.util.Collection<Long> ids) {
        java.util.Map<Long, Publication> open = new java.util.TreeMap<>();
        if (ids.isEmpty()) {
            return open;
        }
        Publication.<Publication>list("from Publication p where p.id in ?1 and not exists (select 1 from Withdrawal w where w.publicationId = p.id)", ids)
                .forEach(p -> open.put(p.id, p));
        return open;
    }

    public Optional<Withdrawal> withdrawal() {
        return Withdrawal.find("publicationId", id).firstResultOptional();
    }
}
