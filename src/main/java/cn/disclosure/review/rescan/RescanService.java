package cn.disclosure.review.rescan;

import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.core.Severity;
import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.rectify.Rectification;
import cn.disclosure.review.rectify.RectificationService;
import cn.disclosure.review.search.RegisterIndex;
import cn.disclosure.review.web.ProblemException;
import cn.disclosure.review.workflow.Publication;
import cn.disclosure.review.workflow.RevisionPart;
import cn.disclosure.review.workflow.Workflow;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs rescans of everything published and not withdrawn, one at a time, in the background: the
 * register index finds candidates, the request confirms each on the stored text, and every
 * confirmed publication becomes a hit with a 整改 item (and, through it, a {@code rescan.hit}
 * webhook). Progress is stored as it goes; a run that fails is marked FAILED.
 */
@ApplicationScoped
public class RescanService {
    private static final Logger LOG = Logger.getLogger(RescanService.class);
    /** Hits after which the rescan tables are analysed first (then at four times as many, and so on). */
    static final int ANALYZE_FIRST_AT = 500;

    /** Candidates read, confirmed and recorded per transaction; also the step of the progress. */
    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "review.rescan.batch-size", defaultValue = "100")
    int batchSize;
    static final String SYSTEM = "system";

    @Inject
    RegisterIndex index;
    @Inject
    RectificationService rectifications;
    @Inject
    AuditLog audit;
    @Inject
    ObjectMapper json;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rescan");
        t.setDaemon(true);
        return t;
    });

    /** Confirmation of a batch's candidates on every core (requests that allow it). */
    private final ExecutorService confirmers = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
        Thread t = new Thread(r, "rescan-confirm");
        t.setDaemon(true);
        return t;
    });

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
        confirmers.shutdownNow();
    }

    /** Records a new rescan and starts it in the background; returns its id. */
    public long start(RescanRequest request, String actor) {
        RescanTrigger t = request.trigger();
        int phrases = request.phrases().size();
        long id = QuarkusTransaction.requiringNew().call(() -> {
            Rescan r = new Rescan();
            r.triggerType = t.type();
            r.triggerName = t.name();
            r.triggerVersion = t.version();
            r.status = Rescan.RUNNING;
            r.phrases = phrases;
            r.startedBy = actor == null ? SYSTEM : actor;
            r.startedAt = Workflow.now();
            r.persist();
            audit.append("rescan.start", r.startedBy, "rescan", r.id.toString(),
                    Map.of("type", t.type(), "name", t.name(), "version", t.version(), "phrases", phrases));
            return r.id;
        });
        // the candidates are looked up at once when the index is ready (one query); confirmation runs in the background
        Set<Long> found = request.knownCandidates();
        try {
            if (found == null && index.awaitReady(Duration.ZERO)) {
                found = index.candidates(request.phrases());
            }
        } catch (java.io.IOException | RuntimeException | InterruptedException e) {
            found = null;
        }
        Set<Long> candidates = found;
        worker.submit(() -> run(id, request, candidates));
        return id;
    }

    private void run(long id, RescanRequest request, Set<Long> known) {
        long t0 = System.nanoTime();
        try {
            Set<Long> candidates = known;
            if (candidates == null) {
                if (!index.awaitReady(Duration.ofMinutes(30))) {
                    throw new IllegalStateException("register index not ready");
                }
                candidates = index.candidates(request.phrases());
            }
            int total = candidates.size();
            QuarkusTransaction.requiringNew().run(() -> Rescan.<Rescan>findById(id).total = total);
            int done = 0;
            int hits = 0;
            long analyzeAt = ANALYZE_FIRST_AT;
            List<Long> ordered = candidates.stream().sorted().toList();
            int step = Math.max(1, batchSize);
            for (int from = 0; from < ordered.size(); from += step) {
                List<Long> batch = ordered.subList(from, Math.min(ordered.size(), from + step));
                int doneAfter = done + batch.size();
                // one transaction per batch: three reads for all its candidates, the confirmations,
                // the hits with their 整改 items, the progress
                hits += QuarkusTransaction.requiringNew().call(() -> {
                    int found = confirmBatch(id, request, batch);
                    Rescan.<Rescan>findById(id).done = doneAfter;
                    return found;
                });
                done = doneAfter;
                if (hits >= analyzeAt) {
                    // the foreign-key checks' cached plans must see the tables as they are now (V19)
                    QuarkusTransaction.requiringNew().run(() -> Rescan.getEntityManager()
                            .createNativeQuery("select review_analyze_rescan_tables()").getSingleResult());
                    analyzeAt = hits * 4;
                }
            }
            int d = done;
            int h = hits;
            QuarkusTransaction.requiringNew().run(() -> {
                Rescan r = Rescan.findById(id);
                r.done = d;
                r.status = Rescan.DONE;
                r.finishedAt = Workflow.now();
                audit.append("rescan.done", SYSTEM, "rescan", Long.toString(id), Map.of("candidates", d, "hits", h));
            });
            LOG.infof("重新检查 %d 完成：候选 %d 条，命中 %d 条（%d ms）", id, d, h, (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception | StackOverflowError e) {
            LOG.errorf("重新检查 %d 失败（%s）", id, e.getClass().getSimpleName());
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    Rescan r = Rescan.findById(id);
                    r.status = Rescan.FAILED;
                    r.finishedAt = Workflow.now();
                });
            } catch (RuntimeException ignored) {
                // the database is away too; the run stays RUNNING and the log says why
            }
        }
    }

    /**
     * Confirms a batch of candidates, in the caller's transaction: the publications (withdrawn ones
     * and those already hit by this rescan left out) and their stored parts are read with one query
     * each; the hits are recorded together ({@link RectificationService#openAll}: one audit-chain lock
     * for all their 整改 items). Returns how many became hits.
     */
    private int confirmBatch(long rescanId, RescanRequest request, List<Long> publicationIds) {
        Map<Long, Publication> open = Publication.openAmong(publicationIds);
        if (open.isEmpty()) {
            return 0;
        }
        Set<Long> alreadyHit = RescanHit.publicationsHit(rescanId, open.keySet());
        Map<Long, List<ExtractedPart>> parts = RevisionPart.ofAll(open.values().stream().map(p -> p.revisionId).toList());
        // confirm every candidate of the batch first (on all cores when the request allows), then
        // record the hits together
        List<Publication> toConfirm = open.values().stream().filter(p -> !alreadyHit.contains(p.id)).toList();
        List<List<Finding>> confirmed = confirmAll(request, toConfirm.stream()
                .map(p -> parts.getOrDefault(p.revisionId, List.<ExtractedPart>of())).toList());
        Map<Long, List<Finding>> hits = new LinkedHashMap<>();
        for (int i = 0; i < toConfirm.size(); i++) {
            if (!confirmed.get(i).isEmpty()) {
                hits.put(toConfirm.get(i).id, confirmed.get(i));
            }
        }
        if (hits.isEmpty()) {
            return 0;
        }
        Map<Long, Rectification> items = rectifications.openAll(Rectification.Source.RESCAN, rescanId,
                hits.entrySet().stream().map(e -> new RectificationService.NewItem(e.getKey(), summary(request.trigger(), e.getValue())))
                        .toList(), SYSTEM);
        OffsetDateTime now = Workflow.now();
        for (Map.Entry<Long, List<Finding>> e : hits.entrySet()) {
            RescanHit hit = new RescanHit();
            hit.rescanId = rescanId;
            hit.publicationId = e.getKey();
            Rectification item = items.get(e.getKey());
            hit.rectificationId = item == null ? null : item.id;
            hit.findings = storedFindings(e.getValue());
            hit.foundAt = now;
            hit.persist();
        }
        return hits.size();
    }

    /** Each candidate's findings that make it a hit (INFO left out), in order. */
    private List<List<Finding>> confirmAll(RescanRequest request, List<List<ExtractedPart>> candidates) {
        Function<List<ExtractedPart>, List<Finding>> one =
                parts -> request.confirm(parts).stream().filter(f -> f.severity() != Severity.INFO).toList();
        if (!request.confirmsInParallel() || candidates.size() < 2) {
            return candidates.stream().map(one).toList();
        }
        List<java.util.concurrent.Future<List<Finding>>> futures = new ArrayList<>(candidates.size());
        for (List<ExtractedPart> c : candidates) {
            futures.add(confirmers.submit(() -> one.apply(c)));
        }
        List<List<Finding>> out = new ArrayList<>(candidates.size());
        for (java.util.concurrent.Future<List<Finding>> f : futures) {
            try {
                out.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                futures.forEach(x -> x.cancel(true));
                throw e.getCause() instanceof RuntimeException x ? x : new IllegalStateException("confirmation failed", e.getCause());
            } catch (InterruptedException e) {
                futures.forEach(x -> x.cancel(true));
                Thread.currentThread().interrupt();
                throw new IllegalStateException("rescan interrupted", e);
            }
        }
        return out;
    }

    /** The findings of a hit as stored with it: category, severity, rule, message and where — no text. */
    private String storedFindings(List<Finding> findings) {
        List<RescanView.HitFinding> stored = findings.stream()
                .map(f -> new RescanView.HitFinding(f.category().name(), f.severity().name(), f.rule(), f.message(), f.part(),
                        f.start(), f.end()))
                .toList();
        try {
            return json.writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("findings not serialisable", e);
        }
    }

    /** What was found, without the published text: the trigger, counts by severity, the rules. */
    static String summary(RescanTrigger t, List<Finding> findings) {
        long block = findings.stream().filter(f -> f.severity() == Severity.BLOCK).count();
        long warn = findings.size() - block;
        String what = switch (t.type()) {
            case RescanTrigger.LEXICON -> "词库 " + t.name() + " 第 " + t.version() + " 版更新后";
            case RescanTrigger.PROTECTED_DOCUMENT -> "登记受保护文件《" + t.name() + "》（编号 " + t.version() + "）后";
            default -> t.type() + " " + t.name() + " 第 " + t.version() + " 版更新后";
        };
        String rules = findings.stream().map(Finding::rule).distinct().sorted().collect(Collectors.joining("、"));
        return what + "重新检查已公开信息：发现 " + findings.size() + " 处问题（禁止发布 " + block + " 处，需注意 " + warn
                + " 处；规则 " + rules + "）。请撤稿，或由保密办核实后说明理由保留。";
    }

    // ---- reading ----

    public List<RescanView> list() {
        return QuarkusTransaction.joiningExisting().call(() -> {
            List<Rescan> runs = Rescan.list("order by id desc");
            Map<Long, Long> counts = new LinkedHashMap<>();
            for (Object[] row : Rescan.getEntityManager()
                    .createQuery("select h.rescanId, count(h) from RescanHit h group by h.rescanId", Object[].class)
                    .getResultList()) {
                counts.put((Long) row[0], (Long) row[1]);
            }
            List<RescanView> out = new ArrayList<>();
            for (Rescan r : runs.subList(0, Math.min(runs.size(), 200))) {
                out.add(view(r, counts.getOrDefault(r.id, 0L).intValue(), null));
            }
            return out;
        });
    }

    public RescanView get(long id) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Rescan r = Rescan.<Rescan>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("重新检查 " + id));
            List<RescanHit> hits = RescanHit.list("rescanId = ?1 order by id", id);
            Map<Long, Publication> pubs = hits.isEmpty() ? Map.of()
                    : Publication.<Publication>list("id in ?1", hits.stream().map(h -> h.publicationId).toList()).stream()
                    .collect(Collectors.toMap(p -> p.id, Function.identity()));
            List<RescanView.Hit> out = new ArrayList<>();
            for (RescanHit h : hits) {
                Publication p = pubs.get(h.publicationId);
                List<RescanView.HitFinding> findings;
                try {
                    findings = json.readValue(h.findings, new TypeReference<List<RescanView.HitFinding>>() {
                    });
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("stored findings unreadable", e);
                }
                out.add(new RescanView.Hit(h.publicationId, p.title, p.department, p.url, h.rectificationId, findings));
            }
            return view(r, out.size(), out);
        });
    }

    private static RescanView view(Rescan r, int hitCount, List<RescanView.Hit> hits) {
        return new RescanView(r.id, new RescanView.Trigger(r.triggerType, r.triggerName, r.triggerVersion), r.status,
                new RescanView.Progress(r.done, r.total), r.phrases, hitCount, r.startedBy, r.startedAt, r.finishedAt, hits);
    }
}
