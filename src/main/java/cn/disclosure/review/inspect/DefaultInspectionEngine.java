package cn.disclosure.review.inspect;

import cn.disclosure.review.core.Severity;
import cn.disclosure.review.core.Verdict;
import cn.disclosure.review.content.CanonicalContent;
import cn.disclosure.review.content.Markup;
import cn.disclosure.review.content.PublicationSafelist;
import cn.disclosure.review.extract.ContentExtractor;
import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.extract.ExtractionProgress;
import cn.disclosure.review.extract.ExtractedPart.Origin;
import cn.disclosure.review.extract.Extraction;
import cn.disclosure.review.extract.ExtractionProblem;
import cn.disclosure.review.extract.SubmittedFile;
import cn.disclosure.review.text.Normalizer;
import cn.disclosure.review.text.WordBoundaries;
import cn.disclosure.review.lexicon.CompiledLexicon;
import cn.disclosure.review.lexicon.LexiconRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Inspects a submission: extracts title, body and every file through the {@link ContentExtractor},
 * runs the {@link TextInspector} over each extracted part with the lexicons in force when the
 * inspection starts, and adds what only the extraction knows: each {@link ExtractionProblem}
 * becomes an UNREADABLE finding (fail closed: at least WARN), and text in a HIDDEN part a
 * HIDDEN_CONTENT finding (it is published with the file although no reader sees it). The verdict
 * is the heaviest severity found; INFO alone passes.
 */
@ApplicationScoped
public class DefaultInspectionEngine implements InspectionEngine {
    private static final Logger LOG = Logger.getLogger(DefaultInspectionEngine.class);
    private static final int HIDDEN_MATCHED_MAX = 200;

    /** What could not be read (fail closed: never weighed below WARN, whatever the policy says). */
    public static final Signal UNREADABLE = new Signal("unreadable", Category.UNREADABLE, Severity.WARN, Severity.WARN);
    /** Text in comments, tracked deletions, hidden text, HTML hidden elements… */
    public static final Signal HIDDEN_CONTENT = Signal.of("hidden-content", Category.HIDDEN_CONTENT, Severity.WARN);
    /** Markup that is not publishable in an HTML body (scripts, embedded documents, hiding styles…). */
    public static final Signal ACTIVE_CONTENT = Signal.of("active-content", Category.ACTIVE_CONTENT, Severity.BLOCK);
    /** The signals the engine itself emits, beside those of the recognizers. */
    public static final List<Signal> ENGINE_SIGNALS = List.of(UNREADABLE, HIDDEN_CONTENT, ACTIVE_CONTENT);

    private record Compiled(CompiledLexicon lexicon, TextInspector inspector) {
    }

    private final ContentExtractor extractor;
    private final Supplier<CompiledLexicon> lexicons;
    private final Policy policy;
    private final int boundaryCheckMaxLength;
    private final AtomicReference<Compiled> compiled = new AtomicReference<>();
    private volatile List<PartLookup> lookups = List.of();

    @Inject
    public DefaultInspectionEngine(ContentExtractor extractor, LexiconRegistry registry, InspectConfig config) {
        this(extractor, registry::current, checkedPolicy(Policy.of(config.policy())), config.boundaryCheckMaxLength());
        WordBoundaries.cacheWindows(config.boundaryCacheEntries());
    }

    /** Every signal an inspection can report: the standard recognizers' and the engine's own. */
    public static java.util.Map<String, Signal> knownSignals() {
        java.util.Map<String, Signal> all = new java.util.TreeMap<>(new TextInspector(CompiledLexicon.empty()).signals());
        for (Signal s : ENGINE_SIGNALS) {
            all.put(s.id(), s);
        }
        return all;
    }

    /** Refuses a policy that names a signal nobody emits: a typo must not silently weigh nothing. */
    static Policy checkedPolicy(Policy policy) {
        Set<String> unknown = policy.unknownIds(knownSignals().values());
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("review.inspect.policy names unknown signals " + unknown
                    + "; known: " + knownSignals().keySet());
        }
        return policy;
    }

    public DefaultInspectionEngine(ContentExtractor extractor, Supplier<CompiledLexicon> lexicons, Policy policy,
                                   int boundaryCheckMaxLength) {
        this.extractor = extractor;
        this.lexicons = lexicons;
        this.policy = policy;
        this.boundaryCheckMaxLength = boundaryCheckMaxLength;
    }

    /** Every {@link PartLookup} of the application (the excerpt check) runs over every part too. */
    @Inject
    void lookups(jakarta.enterprise.inject.Instance<PartLookup> all) {
        lookups = all.stream().toList();
    }

    /** For plain-Java use (benchmarks): these lookups run over every part too. */
    public DefaultInspectionEngine withLookups(List<PartLookup> more) {
        lookups = List.copyOf(more);
        return this;
    }

    /**
     * Loads HanLP's dictionaries and the 繁→简 table now rather than in the first check — beside the
     * rest of the start-up, not before it: readiness waits for it ({@link EngineWarmUp}). A check that
     * comes earlier (readiness aside) waits for the class initialisation of what it needs, it never
     * runs with half of it.
     */
    void warmUp(@Observes StartupEvent event,
                @org.eclipse.microprofile.config.inject.ConfigProperty(name = "review.startup.engine-warm-up-in-background",
                        defaultValue = "true") boolean background) {
        EngineWarmUp.start(background, () -> {
            long t0 = System.nanoTime();
            Normalizer.standard();
            WordBoundaries.warmUp();
            LOG.infof("检查引擎已就绪（HanLP 词典与繁简对照表加载 %d ms）", (System.nanoTime() - t0) / 1_000_000);
        });
    }

    @Override
    public Inspection inspectFully(InspectionRequest request, InspectionProgress progress) {
        long t0 = System.nanoTime();
        TextInspector inspector = inspector();
        List<Finding> findings = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        List<ExtractedPart> parts = new ArrayList<>();
        List<SubmittedFile> files = request.files() == null ? List.of() : request.files();
        progress.planned(1 + files.size());
        if (hasText(request.title())) {
            inspect(extractBody("title", request.title()), inspector, findings, names, parts);
        }
        if (hasText(request.body())) {
            inspect(extractBody("body", request.body()), inspector, findings, names, parts);
            findings.addAll(activeContent(request.body()));
        }
        progress.done(1, "读取标题和正文");
        // pages to recognise and embedded files found while reading show up in the progress too
        ExtractionProgress pages = new ExtractionProgress() {
            @Override
            public void planned(int units) {
                progress.planned(units);
            }

            @Override
            public void done(int units, String stage) {
                progress.done(units, stage);
            }
        };
        for (SubmittedFile file : files) {
            inspect(extractFile(file, pages), inspector, findings, names, parts);
            progress.done(1, "读取附件 " + (file.filename() == null ? "" : file.filename()));
        }
        Verdict verdict = Verdict.PASS;
        for (Finding f : findings) {
            verdict = verdict.max(Verdict.of(f.severity()));
        }
        InspectionResult result = new InspectionResult(verdict, List.copyOf(findings), inspector.lexiconVersions(),
                List.copyOf(names), (System.nanoTime() - t0) / 1_000_000);
        return new Inspection(result, List.copyOf(parts));
    }

    /** The inspector for the lexicons in force now; rebuilt only when the lexicons were replaced. */
    private TextInspector inspector() {
        CompiledLexicon lexicon = lexicons.get();
        Compiled c = compiled.get();
        if (c == null || c.lexicon() != lexicon) {
            c = new Compiled(lexicon, new TextInspector(lexicon, policy, boundaryCheckMaxLength));
            compiled.set(c);
        }
        return c.inspector();
    }

    private Extraction extractBody(String part, String body) {
        try {
            return extractor.extractBody(part, body);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warnf("正文提取失败（%s）：%s", part, e.getClass().getName());
            return new Extraction(List.of(), List.of(new ExtractionProblem(part, "extractor-failed", Messages.text("unreadable.body-failed"))));
        }
    }

    private Extraction extractFile(SubmittedFile file, ExtractionProgress progress) {
        String name = file.filename() == null || file.filename().isBlank() ? "attachment" : file.filename();
        try {
            return extractor.extractFile(file, progress);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.warnf("文件提取失败：%s", e.getClass().getName());
            return new Extraction(List.of(), List.of(new ExtractionProblem(name, "extractor-failed", Messages.text("unreadable.file-failed"))));
        }
    }

    private void inspect(Extraction extraction, TextInspector inspector, List<Finding> findings, Set<String> parts,
                         List<ExtractedPart> extracted) {
        extracted.addAll(extraction.parts());
        for (ExtractedPart part : extraction.parts()) {
            parts.add(part.name());
            String text = part.text() == null ? "" : part.text();
            if (text.isEmpty()) {
                continue;
            }
            if (part.origin() == Origin.HIDDEN && hasWords(text)) {
                findings.add(hidden(part.name(), text));
            }
            try {
                findings.addAll(inspector.inspect(part.name(), text, part.origin()));
                for (PartLookup lookup : lookups) {
                    findings.addAll(lookup.findings(part.name(), text, part.origin()));
                }
            } catch (RuntimeException | StackOverflowError e) {
                LOG.errorf(e, "检查出错（部分 %s）", part.name());
                findings.add(unreadable(new ExtractionProblem(part.name(), "inspection-failed", Messages.text("unreadable.inspection-failed"))));
            }
        }
        for (ExtractionProblem problem : extraction.problems()) {
            parts.add(problem.part());
            findings.add(unreadable(problem));
        }
    }

    @Override
    public List<Finding> inspectStoredParts(List<ExtractedPart> parts) {
        TextInspector inspector = inspector();
        List<Finding> findings = new ArrayList<>();
        for (ExtractedPart part : parts) {
            if (part.text() != null && !part.text().isEmpty()) {
                findings.addAll(inspector.inspect(part.name(), part.text(), part.origin()));
            }
        }
        return findings;
    }

    @Override
    public Inspection unreadable(String code, String message) {
        Finding f = unreadable(new ExtractionProblem("submission", code, message));
        InspectionResult result = new InspectionResult(Verdict.of(f.severity()), List.of(f), inspector().lexiconVersions(),
                List.of("submission"), 0);
        return new Inspection(result, List.of());
    }

    /**
     * What in an HTML body is not publishable (the publication safelist): the same rules the publish
     * gate applies, found here so the editor and the reviewers see them before approval.
     */
    private List<Finding> activeContent(String body) {
        List<Finding> out = new ArrayList<>();
        if (!Markup.looksLikeHtml(body)) {
            return out;
        }
        for (PublicationSafelist.Violation v : CanonicalContent.ofHtml(body).violations()) {
            out.add(new Finding(ACTIVE_CONTENT.category(), policy.severityOf(ACTIVE_CONTENT), "", 0, 0, "body",
                    "active-content." + v.kind(), Messages.text("active-content", v.message()), "", 1.0));
        }
        return out;
    }

    private Finding unreadable(ExtractionProblem problem) {
        String message = Messages.text("unreadable",
                problem.message() == null || problem.message().isBlank() ? Messages.text("unreadable.default") : problem.message());
        return new Finding(UNREADABLE.category(), policy.severityOf(UNREADABLE), "", 0, 0, problem.part(),
                "unreadable." + (problem.code() == null ? "unknown" : problem.code()), message, "", 1.0);
    }

    private Finding hidden(String part, String text) {
        int end = Math.min(text.length(), HIDDEN_MATCHED_MAX);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        HiddenKind kind = HiddenKind.of(part);
        String message = Messages.text("hidden-content", kind.label(), String.valueOf(text.length()));
        return new Finding(HIDDEN_CONTENT.category(), policy.severityOf(HIDDEN_CONTENT), text.substring(0, end), 0, end, part,
                "hidden." + kind.id, message, TextInspector.snippet(text, 0, Math.min(end, 40)), 1.0);
    }

    /**
     * Whether hidden text says something (a letter or a CJK character): numbers alone — a block's
     * {@code data-id}, a list's {@code value} — are not hidden content; the recognizers still read them.
     */
    private static boolean hasWords(String s) {
        return s.codePoints().anyMatch(Character::isLetter);
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }

    /** What kind of hidden place a part is, from the extractor's part naming. */
    enum HiddenKind {
        COMMENT("comment"),
        TRACKED_DELETION("tracked-deletion"),
        TRACKED_MOVE("tracked-move"),
        HIDDEN_TEXT("hidden-text"),
        HTML_COMMENT("html-comment"),
        HIDDEN_ELEMENT("hidden-element"),
        ATTRIBUTE("attribute"),
        SPEAKER_NOTES("notes"),
        OTHER("other");

        final String id;

        HiddenKind(String id) {
            this.id = id;
        }

        /** The Chinese name of this hiding place (message bundle). */
        String label() {
            return Messages.text("hidden-content." + id);
        }

        static HiddenKind of(String part) {
            String last = part == null ? "" : part.substring(part.lastIndexOf('/') + 1);
            for (HiddenKind k : values()) {
                if (k != OTHER && last.startsWith(k.id)) {
                    return k;
                }
            }
            return OTHER;
        }
    }
}
