package cn.disclosure.review.workflow;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** 撤稿: a publication taken down, with reason; at most one per publication, insert-only. */
@Entity
@Table(name = "publication_withdrawal")
public class Withdrawal extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "publication_id", nullable = false, updatable = false)
    public long publicationId;
    @Column(nullable = false, updatable = false)
    public String reason;
    @Column(nullable = false, updatable = false)
    public String actor;
    @Column(nullable = false, updatable = false)
    public OffsetDateTime at;
}
