package cn.disclosure.review.lexicon;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One version of a lexicon as uploaded (the TSV text itself), kept for good: an inspection
 * records which versions it used, and this says what they contained. The newest version of each
 * name is in force.
 */
@Entity
@Table(name = "lexicon_version")
public class LexiconVersion extends PanacheEntityBase {
    public static final String SOURCE_API = "API";
    public static final String SOURCE_FILE = "FILE";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public int version;
    @Column(nullable = false)
    public String kind;
    @Column(name = "term_count", nullable = false)
    public int termCount;
    @Column(nullable = false)
    public String content;
    @Column(nullable = false)
    public String sha256;
    /** {@link #SOURCE_API} (uploaded by an administrator) or {@link #SOURCE_FILE} (a starting lexicon file). */
    @Column(nullable = false)
    public String source;
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
    @Column(name = "created_by")
    public String createdBy;

    /** The summary of a version, without its content. */
    public record Info(String name, int version, String kind, int terms, String source, OffsetDateTime createdAt,
                       String createdBy) {
    }

    public static Optional<LexiconVersion> latest(String name) {
        return find("name = ?1 order by version desc", name).firstResultOptional();
    }

    /** The newest version number of {@code name}, 0 when there is none (without loading any content). */
    public static int latestNumber(String name) {
        Integer max = getEntityManager()
                .createQuery("select max(v.version) from LexiconVersion v where v.name = ?1", Integer.class)
                .setParameter(1, name).getSingleResult();
        return max == null ? 0 : max;
    }

    /** The version in force of every lexicon, content included. */
    public static List<LexiconVersion> latestOfEach() {
        return list("from LexiconVersion v where v.version = (select max(w.version) from LexiconVersion w where w.name = v.name) "
                + "order by v.name");
    }

    /** Summaries of the versions in force, without loading any content. */
    public static List<Info> latestInfos() {
        return getEntityManager().createQuery(
                        "select new cn.disclosure.review.lexicon.LexiconVersion$Info(v.name, v.version, v.kind, v.termCount, "
                                + "v.source, v.createdAt, v.createdBy) from LexiconVersion v "
                                + "where v.version = (select max(w.version) from LexiconVersion w where w.name = v.name) "
                                + "order by v.name", Info.class)
                .getResultList();
    }

    /** Name → newest version number. */
    public static Map<String, Integer> latestVersions() {
        Map<String, Integer> out = new TreeMap<>();
        for (Object[] row : getEntityManager()
                .createQuery("select v.name, max(v.version) from LexiconVersion v group by v.name", Object[].class)
                .getResultList()) {
            out.put((String) row[0], ((Number) row[1]).intValue());
        }
        return out;
    }
}
