package cn.disclosure.review.lexicon;

import cn.disclosure.review.core.Sha256;

import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.fleet.FleetChanges;
import cn.disclosure.review.web.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Creates and replaces lexicons: validates the TSV, stores it as a new version, writes the audit
 * line (name, version, count; never terms), and puts it in force. At start-up the stored versions
 * are put in force, and the starting lexicons of {@code review.lexicon.directory} are loaded when
 * the database has nothing newer (see {@link #loadStartingLexicons}).
 */
@ApplicationScoped
public class LexiconService {
    private static final Logger LOG = Logger.getLogger(LexiconService.class);

    /** What a PUT returns. */
    /** {@code terms}: plain terms; {@code rules}: combination rules (关键词组合). */
    public record Summary(String name, int version, int terms, int rules) {
    }

    @Inject
    LexiconRegistry registry;
    @Inject
    AuditLog audit;
    @Inject
    LexiconConfig config;
    @Inject
    EntityManager em;
    @Inject
    FleetChanges fleet;
    @Inject
    jakarta.enterprise.event.Event<LexiconChanged> changed;

    /** The unique key of (name, version): two instances storing the next version of one lexicon at once. */
    static final String VERSION_KEY = "lexicon_version_name_version";
    /** Topic of the change notifications ({@code lexicon:<name>:<version>}). */
    static final String TOPIC = "lexicon";

    private final Object writeLock = new Object();

    private LexiconParser parser() {
        return new LexiconParser(config.maxTerms());
    }

    /** Creates or replaces lexicon {@code name} with {@code content}; in force for the next check when this returns. */
    public Summary replace(String name, String body, String actor) {
        long t0 = System.nanoTime();
        String content = body == null ? "" : body;
        Lexicon parsed;
        try {
            parsed = parser().parse(name, 0, content);
        } catch (LexiconFormatException e) {
            throw ProblemException.badRequest("lexicon-invalid", e.getMessage()).with("line", e.line());
        }
        synchronized (writeLock) {
            long t1 = System.nanoTime();
            // The automaton compiles on another core while the version is stored; the store waits
            // for it before committing, so a version that cannot be compiled is never recorded.
            long[] compileNanos = new long[1];
            CompletableFuture<LexiconRegistry.Candidate> compiling = CompletableFuture.supplyAsync(() -> {
                long c0 = System.nanoTime();
                LexiconRegistry.Candidate c = registry.prepare(parsed);
                compileNanos[0] = System.nanoTime() - c0;
                return c;
            });
            long[] storeNanos = new long[1];
            Stored stored;
            try {
                stored = QuarkusTransaction.requiringNew().call(() -> {
                    long s0 = System.nanoTime();
                    int version = store(parsed, content, LexiconVersion.SOURCE_API, actor);
                    em.flush();
                    storeNanos[0] = System.nanoTime() - s0;
                    return new Stored(version, compiling.join());
                });
            } catch (RuntimeException e) {
                if (isVersionCollision(e)) {
                    // another instance stored the same next version first; this one is rolled back
                    // (no row, no audit line, no notification) and the client decides whether to retry
                    throw ProblemException.conflict("lexicon-changed",
                            "词库 " + name + " 刚被其他人（或另一实例）修改，本次替换未保存；请查看最新版本后重新提交");
                }
                throw e;
            }
            registry.install(stored.candidate(), stored.version());
            fireChanged(new LexiconChanged(name, stored.version(), parsed.kind(),
                    LexiconChanged.changedEntries(stored.candidate().basis().get(name), parsed), actor));
            LOG.infof("词库 %s 版本 %d 已生效：%d 条（解析 %d ms；保存 %d ms 与编译 %d ms 同时进行；共 %d ms）", name, stored.version(),
                    parsed.entries().size(), (t1 - t0) / 1_000_000, storeNanos[0] / 1_000_000, compileNanos[0] / 1_000_000,
                    (System.nanoTime() - t0) / 1_000_000);
            return new Summary(name, stored.version(), parsed.entries().size(), parsed.rules().size());
        }
    }

    private record Stored(int version, LexiconRegistry.Candidate candidate) {
    }

    /** Tells the observers (rescans) about a stored version; an observer's failure never undoes the version. */
    private void fireChanged(LexiconChanged event) {
        try {
            changed.fire(event);
        } catch (RuntimeException e) {
            LOG.errorf("词库 %s 版本 %d 的变更通知失败（%s）", event.name(), event.version(), e.getClass().getSimpleName());
        }
    }

    public List<LexiconVersion.Info> list() {
        return QuarkusTransaction.joiningExisting().call(LexiconVersion::latestInfos);
    }

    /** The TSV text of the version in force. */
    public String content(String name) {
        return QuarkusTransaction.joiningExisting().call(() -> LexiconVersion.latest(name))
                .map(v -> v.content)
                .orElseThrow(() -> ProblemException.notFound("词库 " + name));
    }

    private int store(Lexicon lexicon, String content, String source, String actor) {
        int version = LexiconVersion.latestNumber(lexicon.name()) + 1;
        LexiconVersion v = new LexiconVersion();
        v.name = lexicon.name();
        v.version = version;
        v.kind = lexicon.kind().name();
        v.termCount = lexicon.entries().size();
        v.content = content;
        v.sha256 = sha256(content);
        v.source = source;
        v.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        v.createdBy = actor;
        v.persist();
        // delivered to every instance (this one included) when this transaction commits
        fleet.announce(TOPIC, lexicon.name() + ":" + version);
        audit.append(LexiconVersion.SOURCE_FILE.equals(source) ? "LEXICON_LOADED" : "LEXICON_REPLACED", actor,
                "lexicon", lexicon.name(), Map.of("name", lexicon.name(), "version", version,
                        "terms", lexicon.entries().size(), "kind", lexicon.kind().name(), "source", source));
        return version;
    }

    /**
     * Loads the starting lexicons — in the background when {@code review.startup.lexicons-in-background}
     * (the default): the rest of the start-up goes on meanwhile, every check waits until they are in
     * force ({@link LexiconRegistry#holdUntilStartingLexicons()}) and readiness is DOWN. A load that
     * fails stops the service, as it did when it ran on the start-up thread.
     */
    void onStart(@Observes @Priority(10) StartupEvent event,
                 @org.eclipse.microprofile.config.inject.ConfigProperty(name = "review.startup.lexicons-in-background",
                         defaultValue = "true") boolean background) {
        if (!background) {
            loadAndLog();
            return;
        }
        registry.holdUntilStartingLexicons();
        Thread loader = new Thread(() -> {
            io.quarkus.arc.ManagedContext requests = io.quarkus.arc.Arc.container().requestContext();
            requests.activate();
            try {
                loadAndLog();
            } catch (RuntimeException | Error e) {
                registry.startingLexiconsFailed();
                LOG.errorf("启动词库未能加载，服务退出：%s", e.getMessage());
                io.quarkus.runtime.Quarkus.asyncExit(1);
            } finally {
                requests.terminate();
            }
        }, "lexicon-load");
        loader.setDaemon(true);
        loader.start();
    }

    private void loadAndLog() {
        long t0 = System.nanoTime();
        loadStartingLexicons(Path.of(config.directory()));
        LOG.infof("词库已加载：%s（%d ms）", registry.current().versions(), (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Puts every stored lexicon in force, after loading the starting lexicon files: a file is stored
     * as a new version when the database has no version of that name, or when the version in force
     * came from the file too and the file has changed since. A version an administrator uploaded
     * through the API is newer than the shipped file and stays in force.
     */
    public void loadStartingLexicons(Path directory) {
        List<LexiconChanged> events = new ArrayList<>();
        synchronized (writeLock) {
            for (Path file : lexiconFiles(directory)) {
                String name = file.getFileName().toString().replaceFirst("\\.tsv$", "");
                String content = read(file);
                Lexicon parsed;
                try {
                    parsed = parser().parse(name, 0, content);
                } catch (LexiconFormatException e) {
                    throw new IllegalStateException("词库文件 " + file + " 无效：" + e.getMessage(), e);
                }
                try {
                    QuarkusTransaction.requiringNew().run(() -> {
                        LexiconVersion latest = LexiconVersion.latest(name).orElse(null);
                        boolean load = latest == null
                                || (LexiconVersion.SOURCE_FILE.equals(latest.source) && !latest.sha256.equals(sha256(content)));
                        if (load) {
                            int version = store(parsed, content, LexiconVersion.SOURCE_FILE, "system");
                            em.flush();
                            Lexicon previous = latest == null ? null : parser().parse(latest.name, latest.version, latest.content);
                            events.add(new LexiconChanged(name, version, parsed.kind(),
                                    LexiconChanged.changedEntries(previous, parsed), "system"));
                        } else if (!LexiconVersion.SOURCE_FILE.equals(latest.source) && !latest.sha256.equals(sha256(content))) {
                            LOG.infof("词库 %s 以管理员上传的版本 %d 为准，未加载文件 %s", name, latest.version, file.getFileName());
                        }
                    });
                } catch (RuntimeException e) {
                    if (!isVersionCollision(e)) {
                        throw e;
                    }
                    // replicas starting together: another instance stored the same file first
                    LOG.infof("词库文件 %s 已由另一实例同时载入", file.getFileName());
                }
            }
            registry.installAll(loadStored());
            registry.startingLexiconsInForce();
        }
        events.forEach(this::fireChanged);
    }

    /**
     * Re-reads the versions in force from the database when another instance changed them: only the
     * lexicons whose version differs are loaded and parsed; the automaton is compiled afresh. Called
     * on a change notification (fleet/ChangeListener), after the listener (re)connects, and by the
     * periodic refresh ({@link LexiconRefresh}).
     */
    public void refresh() {
        // while the starting lexicons load in the background, wait for them here — never while holding
        // the write lock, which the loading thread needs (that was a deadlock at start-up)
        registry.current();
        synchronized (writeLock) {
            Map<String, Integer> stored = QuarkusTransaction.requiringNew().call(LexiconVersion::latestVersions);
            Map<String, Integer> inForce = registry.current().versions();
            if (!stored.equals(inForce)) {
                List<String> changed = stored.entrySet().stream()
                        .filter(e -> !e.getValue().equals(inForce.get(e.getKey()))).map(Map.Entry::getKey).toList();
                registry.installAll(loadStored(changed));
                LOG.infof("词库已从数据库更新：%s", registry.current().versions());
            }
        }
    }

    static boolean isVersionCollision(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException c && c.getConstraintName() != null
                    && c.getConstraintName().toLowerCase(Locale.ROOT).contains(VERSION_KEY)) {
                return true;
            }
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState()) && sql.getMessage() != null
                    && sql.getMessage().contains(VERSION_KEY)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private List<Lexicon> loadStored(List<String> names) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Lexicon> out = new ArrayList<>();
            for (String name : names) {
                LexiconVersion.latest(name).ifPresent(v -> out.add(parser().parse(v.name, v.version, v.content)));
            }
            return out;
        });
    }

    private List<Lexicon> loadStored() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Lexicon> out = new ArrayList<>();
            for (LexiconVersion v : LexiconVersion.latestOfEach()) {
                out.add(parser().parse(v.name, v.version, v.content));
            }
            return out;
        });
    }

    private static List<Path> lexiconFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            LOG.warnf("起始词库目录 %s 不存在，仅使用数据库中的词库", directory.toAbsolutePath());
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tsv") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("无法读取起始词库目录 " + directory, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("无法读取词库文件 " + file, e);
        }
    }

    static String sha256(String content) {
        return Sha256.hex(content);
    }
}
