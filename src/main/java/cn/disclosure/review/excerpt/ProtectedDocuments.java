package cn.disclosure.review.excerpt;

import cn.disclosure.review.core.Severity;
import cn.disclosure.review.extract.ExtractedPart.Origin;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.PartLookup;
import cn.disclosure.review.inspect.TextInspector;
import cn.disclosure.review.text.Normalizer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The excerpt check as the inspection engine sees it ({@link PartLookup}): every part of every
 * draft, check and gate call is looked up in the in-memory candidate index, candidates are
 * confirmed against the run fingerprints in the database. The index is loaded at start, replaced
 * after every change made here, and reloaded when another instance changed the tables (the version
 * counter {@code excerpt_index_version}, polled every {@code review.excerpt.refresh-interval}).
 * Fail closed: when the index cannot be loaded or the confirmation cannot be asked, the part gets a
 * BLOCK finding saying the comparison could not be made.
 */
@ApplicationScoped
public class ProtectedDocuments implements PartLookup, RunStore {
    private static final Logger LOG = Logger.getLogger(ProtectedDocuments.class);
    static final String RULE = "excerpt.protected-document";

    @ConfigProperty(name = "review.excerpt.key")
    Optional<String> configuredKey;
    @Inject
    EntityManager em;

    private Fingerprinter fingerprinter;
    private ExcerptMatcher matcher;
    private final AtomicReference<ExcerptIndex> index = new AtomicReference<>();

    @PostConstruct
    void init() {
        try {
            fingerprinter = new Fingerprinter(ExcerptKeys.decode(configuredKey.orElse(null)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage() + "；生产环境请设置环境变量 REVIEW_EXCERPT_KEY（32 字节随机数的 base64），"
                    + "演示运行由启动程序生成并保存在数据目录 secrets/excerpt-key 中");
        }
        matcher = new ExcerptMatcher(fingerprinter);
    }

    Fingerprinter fingerprinter() {
        return fingerprinter;
    }

    void onStart(@Observes StartupEvent ev) {
        ExcerptIndex i = reload();
        long stale = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from protected_document where key_id <> :k").setParameter("k", fingerprinter.keyId())
                .getSingleResult()).longValue());
        if (stale > 0) {
            LOG.errorf("有 %d 份受保护文件的指纹由另一把密钥生成，无法比对：请恢复原密钥（REVIEW_EXCERPT_KEY）或重新登记这些文件", stale);
        }
        LOG.infof("受保护文件索引已加载（%d 个指纹）", i.size());
    }

    /** Polls the version counter; reloads when another instance (or a publication) changed the tables. */
    @Scheduled(every = "${review.excerpt.refresh-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        ExcerptIndex current = index.get();
        if (current == null || currentVersion() != current.version()) {
            reload();
        }
    }

    long currentVersion() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select version from excerpt_index_version where id = 1").getSingleResult()).longValue());
    }

    /** Loads the whole candidate index from the database and puts it in force. */
    synchronized ExcerptIndex reload() {
        ExcerptIndex loaded = QuarkusTransaction.requiringNew().call(this::load);
        index.set(loaded);
        return loaded;
    }

    private ExcerptIndex load() {
        long version = ((Number) em.createNativeQuery("select version from excerpt_index_version where id = 1")
                .getSingleResult()).longValue();
        List<ExcerptIndex.Document> docs = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, title from protected_document where key_id = :k")
                .setParameter("k", fingerprinter.keyId()).getResultList();
        for (Object[] r : rows) {
            docs.add(new ExcerptIndex.Document(((Number) r[0]).longValue(), (String) r[1]));
        }
        return em.unwrap(Session.class).doReturningWork(conn -> {
            long[] fps = new long[1024];
            long[] ids = new long[1024];
            int n = 0;
            try (PreparedStatement ps = conn.prepareStatement(
                    "select f.fp, f.document_id from protected_fingerprint f join protected_document d on d.id = f.document_id"
                            + " where d.key_id = ? and not exists (select 1 from public_fingerprint p where p.fp = f.fp)"
                            + " order by f.fp, f.document_id")) {
                ps.setString(1, fingerprinter.keyId());
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (n == fps.length) {
                            fps = Arrays.copyOf(fps, n * 2);
                            ids = Arrays.copyOf(ids, n * 2);
                        }
                        fps[n] = rs.getLong(1);
                        ids[n++] = rs.getLong(2);
                    }
                }
            }
            return ExcerptIndex.sorted(version, docs, Arrays.copyOf(fps, n), Arrays.copyOf(ids, n));
        });
    }

    /** The index in force (loaded on first use if the start-up load has not happened yet). */
    ExcerptIndex index() {
        ExcerptIndex i = index.get();
        return i != null ? i : reload();
    }

    /** Puts in force the index without these gram fingerprints (they were just found in a publication). */
    synchronized void dropCommon(long[] sortedCommon) {
        ExcerptIndex i = index.get();
        if (i != null) {
            index.set(i.without(sortedCommon));
        }
    }

    @Override
    public List<Finding> findings(String part, String text, Origin origin) {
        if (text == null || text.length() < Fingerprinter.RUN) {
            return List.of();
        }
        try {
            return findings(part, text, origin, index(), this);
        } catch (RuntimeException e) {
            LOG.errorf("与受保护文件比对失败：%s", e.getClass().getName());
            return List.of(new Finding(Category.EXCERPT, Severity.BLOCK, "", 0, 0, part, "excerpt.unavailable",
                    "未能完成与受保护文件的比对（服务内部错误），在比对完成前不能判定为可以公开", "", 1.0));
        }
    }

    private List<Finding> findings(String part, String text, Origin origin, ExcerptIndex in, RunStore runs) {
        List<ExcerptMatcher.Passage> passages = matcher.find(Normalizer.forOrigin(origin).normalize(text), in, runs);
        List<Finding> out = new ArrayList<>(passages.size());
        for (ExcerptMatcher.Passage p : passages) {
            String message = "与受保护文件《" + p.title() + "》（编号 " + p.documentId() + "）有连续 " + p.letters()
                    + " 个字相同，疑似摘录涉密内容，不得公开；请删除或改写该段落";
            out.add(new Finding(Category.EXCERPT, Severity.BLOCK, text.substring(p.start(), p.end()), p.start(), p.end(),
                    part, RULE + ":" + p.documentId(), message, TextInspector.snippet(text, p.start(), p.end()), 1.0));
        }
        return out;
    }

    /**
     * What the rescan after a registration needs: the published items (not withdrawn) that may excerpt
     * the document, and a confirmation that finds its passages in their stored text.
     *
     * @param grams      the document's gram fingerprints used (all of them except boilerplate)
     * @param boilerplate grams left out because more than {@code review.excerpt.rescan-boilerplate-publications}
     *                   published items have them
     */
    public record DocumentRescan(long documentId, String title, int grams, int boilerplate, Set<Long> candidates,
                                 PartLookup confirmation) {
    }

    /**
     * The rescan of published items for document {@code documentId}. The candidate index in force
     * leaves out every gram already public (that is what keeps boilerplate from raising alarms in
     * new drafts) — so it cannot find protected text that went online before the registration. Here
     * the document's own grams are used instead, all of them except those that more than
     * {@code boilerplateLimit} published items share (formulas, not excerpts); the candidates are the
     * publications whose stored public fingerprints hold one of them (by the winnowing guarantee every
     * publication sharing a run of 30 letters does, whatever its punctuation), and the confirmation
     * looks for confirmed runs of this document only. Database failures propagate: the rescan fails
     * rather than reporting nothing. Empty candidates when the document is gone or of another key.
     */
    public DocumentRescan rescan(long documentId, int boilerplateLimit) {
        return QuarkusTransaction.requiringNew().call(() -> em.unwrap(Session.class).doReturningWork(conn -> {
            String title = null;
            try (PreparedStatement ps = conn.prepareStatement("select title from protected_document where id = ? and key_id = ?")) {
                ps.setLong(1, documentId);
                ps.setString(2, fingerprinter.keyId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        title = rs.getString(1);
                    }
                }
            }
            if (title == null) {
                return new DocumentRescan(documentId, "", 0, 0, Set.of(), PartLookup.NONE);
            }
            long[] usable = new long[256];
            int n = 0;
            int boilerplate = 0;
            List<Long> shared = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("select f.fp, (select count(*) from public_fingerprint p where p.fp = f.fp)"
                    + " from protected_fingerprint f where f.document_id = ? order by f.fp")) {
                ps.setLong(1, documentId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long fp = rs.getLong(1);
                        long publications = rs.getLong(2);
                        if (publications > boilerplateLimit) {
                            boilerplate++;
                            continue;
                        }
                        if (n == usable.length) {
                            usable = Arrays.copyOf(usable, n * 2);
                        }
                        usable[n++] = fp;
                        if (publications > 0) {
                            shared.add(fp);
                        }
                    }
                }
            }
            Set<Long> candidates = new java.util.TreeSet<>();
            if (!shared.isEmpty()) {
                Array array = conn.createArrayOf("bigint", shared.toArray());
                try (PreparedStatement ps = conn.prepareStatement("select distinct p.publication_id from public_fingerprint p"
                        + " where p.fp = any(?) and not exists (select 1 from publication_withdrawal w where w.publication_id = p.publication_id)")) {
                    ps.setArray(1, array);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            candidates.add(rs.getLong(1));
                        }
                    }
                } finally {
                    array.free();
                }
            }
            long[] grams = Arrays.copyOf(usable, n);
            long[] owners = new long[n];
            Arrays.fill(owners, documentId);
            ExcerptIndex own = ExcerptIndex.sorted(0, List.of(new ExcerptIndex.Document(documentId, title)), grams, owners);
            RunStore runs = fps -> runsOf(documentId, fps);
            PartLookup confirmation = (part, text, origin) -> text == null || text.length() < Fingerprinter.RUN ? List.of()
                    : findings(part, text, origin, own, runs);
            return new DocumentRescan(documentId, title, n, boilerplate, java.util.Collections.unmodifiableSet(candidates), confirmation);
        }));
    }

    /** Like {@link #documentsWith}, for one document's runs only. */
    private Map<Long, long[]> runsOf(long documentId, long[] runFingerprints) {
        return QuarkusTransaction.requiringNew().call(() -> em.unwrap(Session.class).doReturningWork(conn -> {
            Map<Long, long[]> out = new HashMap<>();
            Array array = conn.createArrayOf("bigint", Arrays.stream(runFingerprints).boxed().toArray());
            try (PreparedStatement ps = conn.prepareStatement("select fp from protected_run where fp = any(?) and document_id = ?")) {
                ps.setArray(1, array);
                ps.setLong(2, documentId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getLong(1), new long[]{documentId});
                    }
                }
            } finally {
                array.free();
            }
            return out;
        }));
    }

    @Override
    public Map<Long, long[]> documentsWith(long[] runFingerprints) {
        return QuarkusTransaction.requiringNew().call(() -> em.unwrap(Session.class).doReturningWork(conn -> {
            Map<Long, List<Long>> found = new HashMap<>();
            Long[] boxed = new Long[runFingerprints.length];
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = runFingerprints[i];
            }
            Array array = conn.createArrayOf("bigint", boxed);
            try (PreparedStatement ps = conn.prepareStatement(
                    "select r.fp, r.document_id from protected_run r join protected_document d on d.id = r.document_id"
                            + " where r.fp = any(?) and d.key_id = ?")) {
                ps.setArray(1, array);
                ps.setString(2, fingerprinter.keyId());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
                    }
                }
            } finally {
                array.free();
            }
            Map<Long, long[]> out = new HashMap<>();
            found.forEach((fp, ids) -> out.put(fp, ids.stream().mapToLong(Long::longValue).toArray()));
            return out;
        }));
    }
}
