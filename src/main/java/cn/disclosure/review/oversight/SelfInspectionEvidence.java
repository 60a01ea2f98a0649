package cn.disclosure.review.oversight;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * The metadata of an evidence file (佐证材料) of a 自查自评 answer item: never its content, which is
 * written and read only by {@link EvidenceFiles} (the listing never loads the bytes). Insert-only.
 */
@Entity
@Table(name = "self_inspection_evidence")
public class SelfInspectionEvidence extends PanacheEntityBase {
    @Id
    public long id;
    @Column(nullable = false, updatable = false)
    public int year;
    @Column(nullable = false, updatable = false)
    public String department;
    @Column(nullable = false, updatable = false)
    public String item;
    @Column(nullable = false, updatable = false)
    public String name;
    @Column(name = "media_type", nullable = false, updatable = false)
    public String mediaType;
    @Column(nullable = false, updatable = false)
    public long size;
    @Column(nullable = false, updatable = false)
    public String sha256;
    @Column(name = "uploaded_by", nullable = false, updatable = false)
    public String uploadedBy;
    @Column(name = "uploaded_at", nullable = false, updatable = false)
    public OffsetDateTime uploadedAt;
}
