package cn.disclosure.review.patrol;

import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.core.Channel;
import cn.disclosure.review.core.ServiceZone;
import cn.disclosure.review.core.Severity;
import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.extract.SubmittedFile;
import cn.disclosure.review.inspect.Category;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.inspect.InspectionEngine;
import cn.disclosure.review.inspect.InspectionProgress;
import cn.disclosure.review.inspect.InspectionRequest;
import cn.disclosure.review.inspect.InspectionResult;
import cn.disclosure.review.rectify.Rectification;
import cn.disclosure.review.rectify.RectificationService;
import cn.disclosure.review.web.ProblemException;
import cn.disclosure.review.workflow.Inspections;
import cn.disclosure.review.workflow.Publication;
import cn.disclosure.review.workflow.Revision;
import cn.disclosure.review.workflow.RevisionAttachment;
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
import jakarta.persistence.PersistenceException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * 巡检: fetches what is online — every register row whose URL is on an allowed host, and every
 * page of the sitemaps — and compares it with what was approved. One patrol runs at a time (in the
 * whole installation: the database holds at most one RUNNING row), on a background thread, with
 * progress and a heartbeat stored as it goes. Each problem is stored; the problems of a
 * publication open one 整改 item (or join the open one an earlier patrol opened). See
 * docs/security/patrol.md.
 */
@ApplicationScoped
public class PatrolService {
    private static final Logger LOG = Logger.getLogger(PatrolService.class);
    static final String SYSTEM = "system";
    static final int MAX_REQUEST_SITEMAPS = 20;
    private static final Set<String> FILE_EXTENSIONS = Set.of("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps",
            "et", "dps", "ofd", "odt", "ods", "odp", "rtf", "txt", "csv", "zip");
    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([A-Za-z0-9._-]+)");

    @Inject
    InspectionEngine engine;
    @Inject
    Inspections inspections;
    @Inject
    RectificationService rectifications;
    @Inject
    AuditLog audit;
    @Inject
    ObjectMapper json;
    @Inject
    ServiceZone zone;

    @ConfigProperty(name = "review.patrol.allowed-hosts")
    Optional<List<String>> allowedHosts;
    @ConfigProperty(name = "review.patrol.sitemaps")
    Optional<List<String>> configuredSitemaps;
    @ConfigProperty(name = "review.patrol.connect-timeout", defaultValue = "5s")
    Duration connectTimeout;
    @ConfigProperty(name = "review.patrol.read-timeout", defaultValue = "20s")
    Duration readTimeout;
    @ConfigProperty(name = "review.patrol.max-bytes", defaultValue = "10485760")
    long maxBytes;
    @ConfigProperty(name = "review.patrol.max-redirects", defaultValue = "5")
    int maxRedirects;
    @ConfigProperty(name = "review.patrol.max-files-per-page", defaultValue = "20")
    int maxFilesPerPage;
    @ConfigProperty(name = "review.patrol.max-pages", defaultValue = "5000")
    int maxPages;
    @ConfigProperty(name = "review.patrol.stale-after", defaultValue = "30m")
    Duration staleAfter;

    private final AtomicLong running = new AtomicLong(-1);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "patrol");
        t.setDaemon(true);
        return t;
    });

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
        long id = running.get();
        if (id > 0) {
            try {
                QuarkusTransaction.requiringNew().run(() -> fail(id, "shutdown"));
            } catch (RuntimeException ignored) {
                // the database may be gone already; the heartbeat makes the run stale later
            }
        }
    }

    HostRule hostRule() {
        return new HostRule(allowedHosts.orElse(List.of()));
    }

    /**
     * Records a new patrol and starts it in the background; 409 {@code patrol-running} while one runs,
     * 400 for a sitemap that is not an http(s) URL on an allowed host.
     */
    public long start(List<String> requestSitemaps, String trigger, String actor) {
        HostRule hosts = hostRule();
        List<String> sitemaps = new ArrayList<>();
        List<String> requested = requestSitemaps == null ? List.of() : requestSitemaps;
        if (requested.size() > MAX_REQUEST_SITEMAPS) {
            throw ProblemException.badRequest("too-many-sitemaps", "一次巡检最多指定 " + MAX_REQUEST_SITEMAPS + " 个网站地图");
        }
        for (String s : requested) {
            Optional<URI> u = HostRule.parse(s);
            if (u.isEmpty()) {
                throw ProblemException.badRequest("bad-sitemap", "网站地图地址无效：须为 http 或 https 地址，不含用户名和密码");
            }
            if (!hosts.allows(u.get())) {
                throw ProblemException.badRequest("sitemap-host-refused",
                        "网站地图所在的主机不在巡检允许的范围内（review.patrol.allowed-hosts），不会读取");
            }
            sitemaps.add(u.get().toString());
        }
        for (String s : configuredSitemaps.orElse(List.of())) {
            HostRule.parse(s).map(URI::toString).filter(x -> !sitemaps.contains(x)).ifPresent(sitemaps::add);
        }
        String who = actor == null ? SYSTEM : actor;
        long id;
        try {
            id = QuarkusTransaction.requiringNew().call(() -> {
                OffsetDateTime now = Workflow.now();
                Patrol.update("status = ?1, finishedAt = ?2, failure = ?3 where status = ?4 and heartbeatAt < ?5",
                        Patrol.FAILED, now, "stale", Patrol.RUNNING, now.minus(staleAfter));
                if (Patrol.count("status", Patrol.RUNNING) > 0) {
                    throw ProblemException.conflict("patrol-running", "已有一次巡检正在进行，请等它结束后再开始");
                }
                Patrol p = new Patrol();
                p.status = Patrol.RUNNING;
                p.triggerType = trigger;
                p.sitemaps = write(sitemaps);
                p.startedBy = who;
                p.startedAt = now;
                p.heartbeatAt = now;
                p.persistAndFlush();
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("trigger", trigger);
                details.put("sitemaps", sitemaps.size());
                details.put("allowedHosts", hosts.entries().size());
                audit.append("patrol.start", who, "patrol", p.id.toString(), details);
                return p.id;
            });
        } catch (PersistenceException e) {
            // another instance inserted its RUNNING row between our check and our insert
            throw ProblemException.conflict("patrol-running", "已有一次巡检正在进行，请等它结束后再开始");
        }
        running.set(id);
        worker.submit(() -> run(id, hosts, sitemaps));
        return id;
    }

    // ---- the run ----

    /** One register URL to check: the publication that owns it now (the latest one not withdrawn, else the latest). */
    record Target(String key, URI uri, long publicationId, boolean withdrawn) {
    }

    private void run(long id, HostRule hosts, List<String> sitemaps) {
        long t0 = System.nanoTime();
        PageFetcher fetcher = new PageFetcher(hosts, connectTimeout, readTimeout, maxBytes, maxRedirects);
        try {
            Map<String, Target> targets = new LinkedHashMap<>();
            List<String[]> skipped = new ArrayList<>();
            Set<String> registered = new HashSet<>();
            QuarkusTransaction.requiringNew().run(() -> registerTargets(hosts, targets, skipped, registered));

            // the sitemaps: pages no register row covers
            List<String> unregistered = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            List<PendingProblem> sitemapProblems = new ArrayList<>();
            readSitemaps(fetcher, sitemaps, registered, unregistered, seen, sitemapProblems);

            int total = targets.size() + unregistered.size();
            int skippedCount = skipped.size();
            QuarkusTransaction.requiringNew().run(() -> {
                Patrol p = Patrol.findById(id);
                p.total = total;
                p.skipped = skippedCount;
                p.heartbeatAt = Workflow.now();
                for (String[] s : skipped) {
                    page(id, s[0], Long.valueOf(s[1]), PatrolPage.SKIPPED, null, "主机不在巡检允许的范围内");
                }
                for (PendingProblem pp : sitemapProblems) {
                    store(id, pp, null);
                }
            });
            for (Target t : targets.values()) {
                checkRegistered(id, fetcher, t);
            }
            for (String url : unregistered) {
                checkUnregistered(id, fetcher, url);
            }
            QuarkusTransaction.requiringNew().run(() -> {
                Patrol p = Patrol.findById(id);
                p.status = Patrol.DONE;
                p.finishedAt = Workflow.now();
                p.heartbeatAt = p.finishedAt;
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("pages", p.pages);
                details.put("skipped", p.skipped);
                for (Object[] row : Patrol.getEntityManager().createQuery(
                        "select x.type, count(x) from PatrolProblem x where x.patrolId = ?1 group by x.type order by x.type", Object[].class)
                        .setParameter(1, id).getResultList()) {
                    details.put((String) row[0], row[1]);
                }
                audit.append("patrol.done", SYSTEM, "patrol", Long.toString(id), details);
            });
            LOG.infof("巡检 %d 完成：%d 个页面（%d ms）", id, total, (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception | StackOverflowError e) {
            LOG.errorf("巡检 %d 失败（%s）", id, e.getClass().getSimpleName());
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    fail(id, e.getClass().getSimpleName());
                    audit.append("patrol.fail", SYSTEM, "patrol", Long.toString(id), Map.of("error", e.getClass().getSimpleName()));
                });
            } catch (RuntimeException ignored) {
                // the database is away too; the heartbeat makes the run stale
            }
        } finally {
            running.compareAndSet(id, -1);
        }
    }

    private static void fail(long id, String why) {
        Patrol p = Patrol.findById(id);
        if (p != null && Patrol.RUNNING.equals(p.status)) {
            p.status = Patrol.FAILED;
            p.failure = why.length() > 200 ? why.substring(0, 200) : why;
            p.finishedAt = Workflow.now();
        }
    }

    private void registerTargets(HostRule hosts, Map<String, Target> targets, List<String[]> skipped, Set<String> registered) {
        Set<Long> withdrawn = new HashSet<>(Publication.getEntityManager()
                .createQuery("select w.publicationId from Withdrawal w", Long.class).getResultList());
        List<Publication> rows = Publication.list("url is not null order by id");
        Map<String, Publication> owner = new LinkedHashMap<>();
        for (Publication p : rows) {
            Optional<String> key = HostRule.key(p.url);
            if (key.isEmpty()) {
                continue;
            }
            registered.add(key.get());
            Publication current = owner.get(key.get());
            // the latest publication not withdrawn owns the URL; when all are withdrawn, the latest one
            if (current == null || !withdrawn.contains(p.id) || withdrawn.contains(current.id)) {
                owner.put(key.get(), p);
            }
        }
        for (Map.Entry<String, Publication> e : owner.entrySet()) {
            Publication p = e.getValue();
            Optional<URI> uri = hosts.allowed(p.url);
            if (uri.isEmpty()) {
                skipped.add(new String[]{p.url, p.id.toString()});
            } else {
                targets.put(e.getKey(), new Target(e.getKey(), uri.get(), p.id, withdrawn.contains(p.id)));
            }
        }
    }

    private void readSitemaps(PageFetcher fetcher, List<String> sitemaps, Set<String> registered, List<String> unregistered,
                              Set<String> seen, List<PendingProblem> problems) {
        List<String> queue = new ArrayList<>(sitemaps);
        Set<String> read = new HashSet<>();
        int nestedLeft = 50;
        for (int i = 0; i < queue.size(); i++) {
            String s = queue.get(i);
            if (!read.add(s)) {
                continue;
            }
            Optional<URI> uri = HostRule.parse(s);
            if (uri.isEmpty()) {
                continue;
            }
            PageFetcher.Fetch f = fetcher.fetch(uri.get());
            if (!f.ok()) {
                problems.add(new PendingProblem(PatrolProblem.Type.UNREACHABLE, s, null,
                        "网站地图无法读取：" + (f.failed() ? f.failure() : "HTTP " + f.status()), List.of(), List.of()));
                continue;
            }
            Sitemaps.Listing listing = Sitemaps.parse(f.body());
            for (String nested : listing.sitemaps()) {
                if (nestedLeft-- > 0) {
                    queue.add(nested);
                }
            }
            for (String page : listing.pages()) {
                Optional<String> key = HostRule.key(page);
                if (key.isEmpty() || registered.contains(key.get()) || !seen.add(key.get())) {
                    continue;
                }
                if (unregistered.size() >= maxPages) {
                    break;
                }
                unregistered.add(page);
            }
        }
    }

    /** A problem before it is stored. */
    record PendingProblem(PatrolProblem.Type type, String url, Long publicationId, String detail,
                          List<PatrolView.Finding> findings, List<PageComparison.DiffLine> diff) {
    }

    /** What the approved revision says, read once per page. */
    record Approved(long publicationId, Channel channel, String body, Map<String, String> attachments,
                    InspectionResult inspection) {
    }

    private void checkRegistered(long patrolId, PageFetcher fetcher, Target t) {
        Approved approved = QuarkusTransaction.requiringNew().call(() -> approved(t.publicationId()));
        PageFetcher.Fetch f = fetcher.fetch(t.uri());
        String url = t.uri().toString();
        List<PendingProblem> problems = new ArrayList<>();
        String outcome;
        String detail = null;
        if (t.withdrawn()) {
            if (f.ok()) {
                Read page = read(fetcher, f, approved.channel());
                if (PageComparison.stillOnline(approved.body(), page.visibleText())) {
                    problems.add(new PendingProblem(PatrolProblem.Type.WITHDRAWN_STILL_ONLINE, url, t.publicationId(),
                            "已撤稿的信息仍可访问（HTTP " + f.status() + "，页面上仍有撤稿的正文）", findings(page.findings(), null), List.of()));
                }
            }
            outcome = problems.isEmpty() ? PatrolPage.GONE : PatrolPage.PROBLEM;
            if (problems.isEmpty()) {
                detail = f.failed() ? f.failure() : "HTTP " + f.status();
            }
        } else if (!f.ok()) {
            String why = f.failed() ? f.failure() : "HTTP " + f.status();
            problems.add(new PendingProblem(PatrolProblem.Type.UNREACHABLE, url, t.publicationId(), "无法访问：" + why, List.of(), List.of()));
            outcome = PatrolPage.PROBLEM;
        } else {
            Read page = read(fetcher, f, approved.channel());
            List<PageComparison.DiffLine> diff = new ArrayList<>();
            if (page.html()) {
                PageComparison.Result r = PageComparison.compare(approved.body(), page.visibleText());
                diff.addAll(r.diff());
            } else if (!approved.attachments().containsValue(page.files().isEmpty() ? "" : page.files().get(0).sha256())) {
                diff.add(new PageComparison.DiffLine("+", "页面是一个文件，其内容（SHA-256）与审查通过的附件都不一致"));
            }
            for (Linked l : page.files()) {
                String approvedSha = approved.attachments().get(l.name().toLowerCase(Locale.ROOT));
                if (approvedSha != null && !approvedSha.equals(l.sha256())) {
                    diff.add(new PageComparison.DiffLine("+", "附件“" + l.name() + "”的内容与审查通过的附件不一致（SHA-256 不同）"));
                }
            }
            if (!diff.isEmpty()) {
                problems.add(new PendingProblem(PatrolProblem.Type.CHANGED_AFTER_APPROVAL, url, t.publicationId(),
                        "页面内容与审查通过的版本不一致", List.of(), diff));
            }
            List<PatrolView.Finding> fresh = findings(page.findings(), approved.inspection());
            if (!fresh.isEmpty()) {
                problems.add(new PendingProblem(PatrolProblem.Type.NEW_FINDING, url, t.publicationId(),
                        "页面上有审查时没有的问题（按当前词库检查）", fresh, List.of()));
            }
            outcome = problems.isEmpty() ? PatrolPage.OK : PatrolPage.PROBLEM;
            detail = page.note();
        }
        String o = outcome;
        String d = detail;
        QuarkusTransaction.requiringNew().run(() -> {
            Long rect = problems.isEmpty() ? null : rectification(patrolId, t.publicationId(), t.withdrawn(), problems);
            for (PendingProblem p : problems) {
                store(patrolId, p, rect);
            }
            page(patrolId, url, t.publicationId(), o, f.failed() ? null : f.status(), d);
            progress(patrolId, true);
        });
    }

    private void checkUnregistered(long patrolId, PageFetcher fetcher, String url) {
        Optional<URI> uri = hostRule().allowed(url);
        PageFetcher.Fetch f = uri.map(fetcher::fetch).orElse(null);
        List<PendingProblem> problems = new ArrayList<>();
        String outcome;
        String detail = null;
        if (f == null) {
            outcome = PatrolPage.SKIPPED;
            detail = "主机不在巡检允许的范围内";
        } else if (!f.ok()) {
            // listed but not online: nothing is published there
            outcome = PatrolPage.GONE;
            detail = f.failed() ? f.failure() : "HTTP " + f.status();
        } else {
            Read page = read(fetcher, f, Channel.WEBSITE);
            problems.add(new PendingProblem(PatrolProblem.Type.UNREGISTERED, url, null,
                    "网站地图中的页面没有对应的发布登记（未经审查或未登记）", findings(page.findings(), null), List.of()));
            outcome = PatrolPage.PROBLEM;
            detail = page.note();
        }
        String o = outcome;
        String d = detail;
        QuarkusTransaction.requiringNew().run(() -> {
            for (PendingProblem p : problems) {
                store(patrolId, p, null);
            }
            page(patrolId, url, null, o, f == null || f.failed() ? null : f.status(), d);
            progress(patrolId, f != null);
        });
    }

    private Approved approved(long publicationId) {
        Publication p = Publication.findById(publicationId);
        Revision r = Revision.findById(p.revisionId);
        StringBuilder body = new StringBuilder();
        for (ExtractedPart part : RevisionPart.of(p.revisionId)) {
            if ("body".equals(part.name()) && part.origin() == ExtractedPart.Origin.VISIBLE && part.text() != null) {
                body.append(part.text()).append('\n');
            }
        }
        Map<String, String> attachments = new HashMap<>();
        for (RevisionAttachment a : r.attachments()) {
            attachments.put(a.filename.toLowerCase(Locale.ROOT), a.sha256);
        }
        return new Approved(p.id, p.channel, body.toString(), attachments, inspections.result(r));
    }

    /** A file linked from a page and fetched with it. */
    record Linked(String name, String sha256) {
    }

    /** A fetched page read and inspected: its visible text, the files read with it, the findings. */
    record Read(boolean html, String visibleText, List<Linked> files, List<Finding> findings, String note) {
    }

    /** Extracts and inspects a fetched page with the files it links on allowed hosts (documents and images). */
    private Read read(PageFetcher fetcher, PageFetcher.Fetch f, Channel channel) {
        List<SubmittedFile> files = new ArrayList<>();
        List<Linked> linked = new ArrayList<>();
        String html = null;
        String note = null;
        if (f.html()) {
            Document doc;
            try {
                doc = Jsoup.parse(new ByteArrayInputStream(f.body()), charset(f.contentType()), f.url().toString());
            } catch (IOException | RuntimeException e) {
                doc = Jsoup.parse(new String(f.body(), StandardCharsets.UTF_8), f.url().toString());
            }
            html = doc.outerHtml();
            Set<String> links = new LinkedHashSet<>();
            for (Element a : doc.select("a[href]")) {
                String href = a.absUrl("href");
                if (FILE_EXTENSIONS.contains(extension(href))) {
                    links.add(href);
                }
            }
            for (Element img : doc.select("img[src]")) {
                String src = img.absUrl("src");
                if (!src.isEmpty() && !src.startsWith("data:")) {
                    links.add(src);
                }
            }
            int notFetched = 0;
            int failed = 0;
            HostRule hosts = hostRule();
            for (String link : links) {
                Optional<URI> u = hosts.allowed(link);
                if (u.isEmpty()) {
                    notFetched++;
                    continue;
                }
                if (files.size() >= maxFilesPerPage) {
                    notFetched++;
                    continue;
                }
                PageFetcher.Fetch file = fetcher.fetch(u.get());
                if (!file.ok() || file.html()) {
                    failed++;
                    continue;
                }
                String name = fileName(u.get());
                files.add(new SubmittedFile(name, file.body()));
                linked.add(new Linked(name, sha256(file.body())));
            }
            if (notFetched > 0 || failed > 0) {
                note = "链接的文件：" + files.size() + " 个已检查" + (notFetched > 0 ? "，" + notFetched + " 个不在允许的主机或超过上限未读取" : "")
                        + (failed > 0 ? "，" + failed + " 个无法读取" : "");
            }
        } else {
            String name = fileName(f.url());
            files.add(new SubmittedFile(name, f.body()));
            linked.add(new Linked(name, sha256(f.body())));
        }
        InspectionEngine.Inspection inspection = engine.inspectFully(new InspectionRequest(channel, null, html, files),
                InspectionProgress.NONE);
        StringBuilder visible = new StringBuilder();
        for (ExtractedPart part : inspection.parts()) {
            if ("body".equals(part.name()) && part.origin() == ExtractedPart.Origin.VISIBLE && part.text() != null) {
                visible.append(part.text()).append('\n');
            }
        }
        return new Read(html != null, visible.toString(), linked, inspection.result().findings(), note);
    }

    /**
     * The page's findings that count: WARN or BLOCK, not active content or hidden elements (a site's
     * own scripts, menus and logos; their text is inspected all the same), and — for a registered
     * page — not one the approved revision had already (same category, rule and matched text).
     */
    static List<PatrolView.Finding> findings(List<Finding> page, InspectionResult approved) {
        Map<String, Integer> known = new HashMap<>();
        if (approved != null) {
            for (Finding f : approved.findings()) {
                known.merge(key(f), 1, Integer::sum);
            }
        }
        List<PatrolView.Finding> out = new ArrayList<>();
        Set<String> once = new HashSet<>();
        for (Finding f : page) {
            if (f.severity() == Severity.INFO || f.category() == Category.ACTIVE_CONTENT || f.category() == Category.HIDDEN_CONTENT) {
                continue;
            }
            Integer left = known.get(key(f));
            if (left != null && left > 0) {
                known.put(key(f), left - 1);
                continue;
            }
            PatrolView.Finding v = new PatrolView.Finding(f.category().name(), f.severity().name(), f.rule(), f.message(), f.part());
            if (once.add(v.toString())) {
                out.add(v);
            }
        }
        return out;
    }

    private static String key(Finding f) {
        String matched = f.matched() == null ? "" : PageComparison.normalise(f.matched());
        return f.category() + "\u0000" + f.rule() + "\u0000" + matched;
    }

    /** The open 整改 item an earlier patrol opened for the publication, or a new one for this patrol. */
    private Long rectification(long patrolId, long publicationId, boolean withdrawn, List<PendingProblem> problems) {
        Optional<Rectification> open = Rectification.<Rectification>find("publicationId = ?1 and status = ?2 and sourceType = ?3 order by id",
                publicationId, Rectification.Status.OPEN, Rectification.Source.PATROL).firstResultOptional();
        if (open.isPresent()) {
            return open.get().id;
        }
        return rectifications.open(Rectification.Source.PATROL, patrolId, publicationId, summary(patrolId, problems), null,
                SYSTEM, withdrawn).map(r -> r.id).orElse(null);
    }

    /** What was found, without the published text: the problem types, counts by severity, the rules. */
    static String summary(long patrolId, List<PendingProblem> problems) {
        String types = problems.stream().map(p -> p.type().label).distinct().collect(Collectors.joining("、"));
        List<PatrolView.Finding> all = problems.stream().flatMap(p -> p.findings().stream()).toList();
        StringBuilder s = new StringBuilder("巡检 #" + patrolId + " 发现：" + types);
        if (!all.isEmpty()) {
            long block = all.stream().filter(f -> "BLOCK".equals(f.severity())).count();
            s.append("（禁止发布 ").append(block).append(" 处，需注意 ").append(all.size() - block).append(" 处；规则 ")
                    .append(all.stream().map(PatrolView.Finding::rule).distinct().sorted().collect(Collectors.joining("、"))).append("）");
        }
        s.append("。请核实网站上的页面：撤稿或恢复为审查通过的内容，或由保密办说明理由保留。");
        return s.toString();
    }

    private void store(long patrolId, PendingProblem p, Long rectificationId) {
        PatrolProblem x = new PatrolProblem();
        x.patrolId = patrolId;
        x.type = p.type().name();
        x.url = cut(p.url(), 2000);
        x.publicationId = p.publicationId();
        x.detail = cut(p.detail(), 500);
        x.findings = write(p.findings());
        x.diff = write(p.diff());
        x.rectificationId = rectificationId;
        x.foundAt = Workflow.now();
        x.persist();
    }

    private static void page(long patrolId, String url, Long publicationId, String outcome, Integer status, String detail) {
        PatrolPage pg = new PatrolPage();
        pg.patrolId = patrolId;
        pg.url = cut(url, 2000);
        pg.publicationId = publicationId;
        pg.outcome = outcome;
        pg.httpStatus = status == null || status == 0 ? null : status;
        pg.detail = cut(detail, 500);
        pg.checkedAt = Workflow.now();
        pg.persist();
    }

    private static void progress(long patrolId, boolean fetched) {
        Patrol p = Patrol.findById(patrolId);
        p.done++;
        if (fetched) {
            p.pages++;
        }
        p.heartbeatAt = Workflow.now();
    }

    // ---- reading ----

    public List<PatrolView> list() {
        return QuarkusTransaction.joiningExisting().call(() -> {
            List<Patrol> runs = Patrol.find("order by id desc").page(0, 200).list();
            Map<Long, Long> counts = new HashMap<>();
            for (Object[] row : Patrol.getEntityManager()
                    .createQuery("select x.patrolId, count(x) from PatrolProblem x group by x.patrolId", Object[].class).getResultList()) {
                counts.put((Long) row[0], (Long) row[1]);
            }
            return runs.stream().map(p -> view(p, counts.getOrDefault(p.id, 0L).intValue(), null)).toList();
        });
    }

    public PatrolView get(long id) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Patrol p = Patrol.<Patrol>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("巡检 " + id));
            List<PatrolProblem> rows = PatrolProblem.list("patrolId = ?1 order by id", id);
            Set<Long> ids = rows.stream().map(r -> r.publicationId).filter(x -> x != null).collect(Collectors.toSet());
            Map<Long, Publication> pubs = ids.isEmpty() ? Map.of()
                    : Publication.<Publication>list("id in ?1", ids).stream().collect(Collectors.toMap(x -> x.id, Function.identity()));
            List<PatrolView.Problem> problems = new ArrayList<>();
            for (PatrolProblem r : rows) {
                Publication pub = r.publicationId == null ? null : pubs.get(r.publicationId);
                PatrolProblem.Type type = PatrolProblem.Type.valueOf(r.type);
                problems.add(new PatrolView.Problem(r.id, r.type, type.label, r.url, r.publicationId,
                        pub == null ? null : pub.title, pub == null ? null : pub.department, r.detail,
                        read(r.findings, new TypeReference<List<PatrolView.Finding>>() {
                        }), read(r.diff, new TypeReference<List<PageComparison.DiffLine>>() {
                        }), r.rectificationId));
            }
            return view(p, problems.size(), problems);
        });
    }

    private PatrolView view(Patrol p, int problemCount, List<PatrolView.Problem> problems) {
        return new PatrolView(p.id, p.status, p.triggerType, new PatrolView.Progress(p.done, p.total), p.pages, p.skipped,
                read(p.sitemaps, new TypeReference<List<String>>() {
                }), problemCount, p.startedBy, p.startedAt, p.finishedAt, p.failure, problems);
    }

    /**
     * The latest patrol result of each publication: the problem types the latest patrol that looked
     * at it found, "OK at" its time, gone, skipped — or never patrolled.
     */
    public Map<Long, PatrolView.Latest> latestFor(Collection<Long> publicationIds) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Map<Long, PatrolView.Latest> out = new LinkedHashMap<>();
            if (publicationIds.isEmpty()) {
                return out;
            }
            List<Long> ids = List.copyOf(new LinkedHashSet<>(publicationIds));
            Map<Long, PatrolPage> latest = new HashMap<>();
            for (int from = 0; from < ids.size(); from += 500) {
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                for (PatrolPage pg : PatrolPage.<PatrolPage>list("publicationId in ?1 order by patrolId desc, id desc", chunk)) {
                    latest.putIfAbsent(pg.publicationId, pg);
                }
            }
            DateTimeFormatter fmt = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
            for (Long id : ids) {
                PatrolPage pg = latest.get(id);
                if (pg == null) {
                    out.put(id, new PatrolView.Latest(id, "NEVER", null, null, List.of(), "从未巡检"));
                    continue;
                }
                String at = pg.checkedAt.atZoneSameInstant(zone.zone()).format(fmt);
                List<String> types = PatrolPage.PROBLEM.equals(pg.outcome)
                        ? PatrolProblem.<PatrolProblem>list("patrolId = ?1 and publicationId = ?2 order by id", pg.patrolId, id).stream()
                        .map(x -> x.type).distinct().toList()
                        : List.of();
                String label = switch (pg.outcome) {
                    case PatrolPage.OK -> "巡检正常（" + at + "，巡检 #" + pg.patrolId + "）";
                    case PatrolPage.GONE -> "已不在线（" + at + "，巡检 #" + pg.patrolId + "）";
                    case PatrolPage.SKIPPED -> "未巡检：主机不在允许范围（" + at + "，巡检 #" + pg.patrolId + "）";
                    default -> "巡检发现问题：" + types.stream().map(t -> PatrolProblem.Type.valueOf(t).label).collect(Collectors.joining("、"))
                            + "（" + at + "，巡检 #" + pg.patrolId + "）";
                };
                out.put(id, new PatrolView.Latest(id, pg.outcome, pg.patrolId, pg.checkedAt, types, label));
            }
            return out;
        });
    }

    // ---- helpers ----

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serialisable", e);
        }
    }

    private <T> T read(String stored, TypeReference<T> type) {
        try {
            return json.readValue(stored, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored value unreadable", e);
        }
    }

    private static String charset(String contentType) {
        if (contentType == null) {
            return null;
        }
        Matcher m = CHARSET.matcher(contentType);
        return m.find() ? m.group(1) : null;
    }

    private static String extension(String url) {
        String path;
        try {
            path = URI.create(url).getPath();
        } catch (IllegalArgumentException e) {
            return "";
        }
        if (path == null) {
            return "";
        }
        int dot = path.lastIndexOf('.');
        int slash = path.lastIndexOf('/');
        return dot > slash ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    static String fileName(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        String name = URLDecoder.decode(last.replace("+", "%2B"), StandardCharsets.UTF_8);
        return name.isBlank() ? "page" : name;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
