package cn.disclosure.review.search;

import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.core.Channels;
import cn.disclosure.review.core.Roles;
import cn.disclosure.review.core.ServiceZone;
import cn.disclosure.review.identity.CurrentUser;
import cn.disclosure.review.web.ProblemException;
import cn.disclosure.review.workflow.Publication;
import cn.disclosure.review.workflow.PublicationRecorded;
import cn.disclosure.review.workflow.RevisionPart;
import cn.disclosure.review.workflow.Withdrawal;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The register index of this instance, under {@code review.register.index-dir}: written when a
 * publication is recorded and updated when it is withdrawn (after the commit, on the index's own
 * thread), rebuilt from the database on request, at start when missing, of another schema or not
 * matching the database (count, withdrawals, highest id), and when a periodic check finds it stale
 * (another instance published). Searches see complete commits only.
 */
@ApplicationScoped
public class RegisterIndex {
    private static final Logger LOG = Logger.getLogger(RegisterIndex.class);
    static final int PAGE_SIZE = 20;
    static final int MAX_RESULTS = 10_000;
    private static final int BATCH = 200;

    /** What a rebuild did. */
    public record Rebuilt(long documents, long millis) {
    }

    @ConfigProperty(name = "review.register.index-dir")
    String directory;
    @ConfigProperty(name = "review.register.index-wait", defaultValue = "10s")
    java.time.Duration waitForIndex;
    @Inject
    CurrentUser user;
    @Inject
    ServiceZone zone;
    @Inject
    AuditLog audit;

    private final ReentrantLock writes = new ReentrantLock();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "register-index");
        t.setDaemon(true);
        return t;
    });
    private volatile RegisterIndexStore store;
    private final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);

    void onStart(@Observes StartupEvent event) {
        try {
            Path dir = Path.of(directory);
            Files.createDirectories(dir);
            store = RegisterIndexStore.open(dir);
        } catch (IOException | RuntimeException e) {
            LOG.errorf("发布登记检索索引无法打开（%s）；检索暂不可用", e.getClass().getSimpleName());
            ready.countDown();
            return;
        }
        worker.submit(() -> {
            try {
                rebuildIfStale("start");
            } finally {
                ready.countDown();
            }
        });
    }

    /** Waits until the index has been opened and brought up to date at start; false when that did not happen in time. */
    public boolean awaitReady(java.time.Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && store != null;
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
        RegisterIndexStore s = store;
        store = null;
        if (s != null) {
            writes.lock();
            try {
                s.close();
            } catch (IOException e) {
                LOG.warnf("发布登记检索索引关闭失败（%s）", e.getClass().getSimpleName());
            } finally {
                writes.unlock();
            }
        }
    }

    /** Indexes a publication or its withdrawal once it is committed; waits briefly so the caller's next search sees it. */
    void onPublication(@Observes(during = TransactionPhase.AFTER_SUCCESS) PublicationRecorded e) {
        Future<?> f = worker.submit(() -> {
            try {
                reindex(e.publicationId());
            } catch (IOException | RuntimeException ex) {
                LOG.errorf("发布登记检索索引更新失败（登记号 %d，%s）；定期检查时将重建", e.publicationId(), ex.getClass().getSimpleName());
            }
        });
        try {
            f.get(waitForIndex.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (Exception ex) {
            // the index catches up on its own thread; the publication itself is committed
        }
    }

    /** The periodic check: another instance may have published, or an update may have failed. */
    @Scheduled(every = "${review.register.index-check:5m}", delayed = "${review.register.index-check:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodicCheck() {
        if (store != null) {
            worker.submit(() -> rebuildIfStale("check"));
        }
    }

    private void rebuildIfStale(String when) {
        try {
            if (stale()) {
                Rebuilt r = rebuildNow();
                LOG.infof("发布登记检索索引已重建（%s）：%d 条，%d ms", when, r.documents(), r.millis());
            }
        } catch (IOException | RuntimeException e) {
            LOG.errorf("发布登记检索索引重建失败（%s）", e.getClass().getSimpleName());
        }
    }

    /** Whether the index differs from the database (or is of another schema). */
    public boolean stale() throws IOException {
        RegisterIndexStore.Stamp s = open().stamp();
        long[] db = QuarkusTransaction.requiringNew().call(() -> new long[]{
                Publication.count(), Withdrawal.count(),
                Publication.getEntityManager().createQuery("select coalesce(max(p.id), 0) from Publication p", Long.class)
                        .getSingleResult()});
        return !RegisterIndexStore.SCHEMA.equals(s.schema()) || s.count() != db[0] || s.withdrawn() != db[1] || s.maxId() != db[2];
    }

    private RegisterIndexStore open() {
        RegisterIndexStore s = store;
        if (s == null) {
            throw new ProblemException(503, "register-index-unavailable", "发布登记检索索引暂不可用，请稍后再试或联系管理员重建索引");
        }
        return s;
    }

    /** Writes the current state of one publication into the index. */
    public void reindex(long publicationId) throws IOException {
        List<RegisterItem> items = QuarkusTransaction.requiringNew().call(() -> load(List.of(publicationId)));
        writes.lock();
        try {
            RegisterIndexStore s = open();
            for (RegisterItem item : items) {
                s.put(item);
            }
            s.commit();
        } finally {
            writes.unlock();
        }
    }

    /** Rebuilds the whole index from the database (ADMIN); searches see the old index until it is done. */
    public Rebuilt rebuild() {
        try {
            Rebuilt r = worker.submit(this::rebuildNow).get();
            audit.append("register.index.rebuild", user.username(), "register-index", "register",
                    Map.of("documents", r.documents(), "millis", r.millis()));
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(503, "register-index-unavailable", "重建索引被中断");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ProblemException p) {
                throw p;
            }
            LOG.errorf("发布登记检索索引重建失败（%s）", e.getCause().getClass().getSimpleName());
            throw new ProblemException(503, "register-index-unavailable", "重建索引失败，请查看服务日志");
        }
    }

    private Rebuilt rebuildNow() throws IOException {
        long t0 = System.nanoTime();
        writes.lock();
        try {
            RegisterIndexStore s = open();
            s.deleteAll();
            long last = 0;
            long n = 0;
            while (true) {
                long after = last;
                List<Long> ids = QuarkusTransaction.requiringNew().call(() -> Publication.getEntityManager()
                        .createQuery("select p.id from Publication p where p.id > :after order by p.id", Long.class)
                        .setParameter("after", after).setMaxResults(BATCH).getResultList());
                if (ids.isEmpty()) {
                    break;
                }
                for (RegisterItem item : QuarkusTransaction.requiringNew().call(() -> load(ids))) {
                    s.add(item);
                    n++;
                }
                last = ids.get(ids.size() - 1);
            }
            s.commit();
            return new Rebuilt(n, (System.nanoTime() - t0) / 1_000_000);
        } finally {
            writes.unlock();
        }
    }

    private static List<RegisterItem> load(List<Long> ids) {
        List<Publication> pubs = Publication.list("id in ?1 order by id", ids);
        Map<Long, Withdrawal> withdrawals = pubs.isEmpty() ? Map.of()
                : Withdrawal.<Withdrawal>list("publicationId in ?1", ids).stream()
                .collect(Collectors.toMap(w -> w.publicationId, Function.identity(), (a, b) -> a));
        List<RegisterItem> out = new ArrayList<>();
        for (Publication p : pubs) {
            out.add(new RegisterItem(p.id, p.draftId, p.title, p.docNumber, p.channel.name(), p.department, p.url,
                    p.publishedAt.toInstant().toEpochMilli(), withdrawals.containsKey(p.id), RevisionPart.of(p.revisionId)));
        }
        return out;
    }

    // ---- reading ----

    /** A page of the register search for the caller (editors and department reviewers: their department only). */
    public RegisterSearchResult search(String q, String from, String to, String channel, String department, Integer page) {
        int p = page == null ? 1 : page;
        if (p < 1 || (long) p * PAGE_SIZE > MAX_RESULTS) {
            throw ProblemException.badRequest("bad-page", "页码无效（1 至 " + MAX_RESULTS / PAGE_SIZE + "）");
        }
        SearchQuery.Node node = SearchQuery.parse(q);
        boolean seesAll = user.has(Roles.SECRECY_OFFICE) || user.has(Roles.LEADER) || user.has(Roles.ADMIN);
        RegisterIndexStore.Filters f = new RegisterIndexStore.Filters(bound(from, false), bound(to, true),
                channel == null || channel.isBlank() ? null : Channels.parse(channel).name(),
                department == null || department.isBlank() ? null : department.strip(),
                user.department(), !seesAll);
        try {
            return open().search(node, f, p, PAGE_SIZE);
        } catch (IOException e) {
            LOG.errorf("发布登记检索失败（%s）", e.getClass().getSimpleName());
            throw new ProblemException(503, "register-index-unavailable", "发布登记检索暂不可用，请稍后再试");
        }
    }

    /** Publications not withdrawn containing any of {@code phrases} (exact normalised substrings). */
    public Set<Long> candidates(Collection<String> phrases) throws IOException {
        return open().candidates(phrases);
    }

    private Long bound(String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            LocalDate day = LocalDate.parse(v);
            return (endOfDay ? day.plusDays(1) : day).atStartOfDay(zone.zone()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            OffsetDateTime t;
            try {
                t = Channels.parseTime(v, zone.zone(), endOfDay ? "to" : "from");
            } catch (RuntimeException ex) {
                t = null;
            }
            if (t == null) {
                throw ProblemException.badRequest("bad-date", "日期格式无效：" + value);
            }
            return t.toInstant().toEpochMilli() + (endOfDay ? 1 : 0);
        }
    }
}
