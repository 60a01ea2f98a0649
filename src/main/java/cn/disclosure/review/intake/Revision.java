package cn.disclosure.review.intake;

import cn.disclosure.review.inspect.Verdict;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One immutable edit of a draft: its content, the hash over it, the automatic inspection's verdict
 * and findings, and the approval chain fixed for it. The database refuses updates and deletes.
 */
@Entity
@Table(name = "draft_revision")
public class Revision extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "draft_id", updatable = false)
    public Draft draft;
    @Column(nullable = false, updatable = false)
    public int number;
    @Column(nullable = false, updatable = false)
    public String title;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Channel channel;
    @Column(name = "doc_number", updatable = false)
    public String docNumber;
    @Column(name = "planned_url", updatable = false)
    public String plannedUrl;
    @Column(name = "planned_at", updatable = false)
    public OffsetDateTime plannedAt;
    @Basic(fetch = FetchType.LAZY)
    @Column(nullable = false, updatable = false)
    public String body;
    /** SHA-256 of the canonical form, see {@link ContentHash}. */
    @Column(name = "content_hash", nullable = false, updatable = false)
    public String contentHash;
    /** SHA-256 of the normalised body, see {@link cn.disclosure.review.content.VisibleText}. */
    @Column(name = "text_hash", nullable = false, updatable = false)
    public String textHash;
    /** SHA-256 of the normalised title followed by the body. */
    @Column(name = "titled_text_hash", nullable = false, updatable = false)
    public String titledTextHash;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Verdict verdict;
    /** The inspection result as JSON (verdict, findings, lexicon versions, parts). */
    @Basic(fetch = FetchType.LAZY)
    @Column(nullable = false, updatable = false)
    public String inspection;
    /** Comma-separated roles of the approval chain, in order. */
    @Column(nullable = false, updatable = false)
    public String chain;
    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;
    @Column(name = "created_at", nullable = false, updatable = false)
    public OffsetDateTime createdAt;

    public static Optional<Revision> of(long draftId, int number) {
        return find("draft.id = ?1 and number = ?2", draftId, number).firstResultOptional();
    }

    public static List<Revision> allOf(long draftId) {
        return list("draft.id = ?1 order by number", draftId);
    }

    public List<String> chainRoles() {
        return Arrays.stream(chain.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public List<RevisionAttachment> attachments() {
        return RevisionAttachment.list("revision.id = ?1 order by position", id);
    }
}
