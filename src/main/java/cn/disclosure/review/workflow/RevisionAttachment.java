package cn.disclosure.review.workflow;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** An attachment of one revision, in order; the bytes are in {@link AttachmentBlob} by SHA-256. */
@Entity
@Table(name = "revision_attachment")
public class RevisionAttachment extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "revision_id", updatable = false)
    public Revision revision;
    @Column(nullable = false, updatable = false)
    public int position;
    @Column(nullable = false, updatable = false)
    public String filename;
    @Column(name = "media_type", updatable = false)
    public String mediaType;
    @Column(nullable = false, updatable = false)
    public long size;
    @Column(nullable = false, updatable = false)
    public String sha256;

    public byte[] bytes() {
        return AttachmentBlob.<AttachmentBlob>findByIdOptional(sha256).orElseThrow().bytes;
    }
}
