package cn.disclosure.review.workflow;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Attachment bytes (PostgreSQL bytea), stored once per distinct SHA-256; insert-only. */
@Entity
@Table(name = "attachment_blob")
public class AttachmentBlob extends PanacheEntityBase {
    @Id
    public String sha256;
    @Column(nullable = false)
    public long size;
    @Column(nullable = false)
    public byte[] bytes;

    /**
     * Stores the bytes unless the same content is already there (concurrent stores are fine). A file
     * carried over to a new revision, or submitted again, is not sent to the database a second time.
     */
    public static void store(EntityManager em, String sha256, byte[] bytes) {
        boolean stored = !em.createNativeQuery("select 1 from attachment_blob where sha256 = ?1")
                .setParameter(1, sha256)
                .getResultList().isEmpty();
        if (stored) {
            return;
        }
        em.createNativeQuery("insert into attachment_blob (sha256, size, bytes) values (?1, ?2, ?3) on conflict (sha256) do nothing")
                .setParameter(1, sha256)
                .setParameter(2, (long) bytes.length)
                .setParameter(3, bytes)
                .executeUpdate();
    }
}
