package cn.disclosure.review.workflow;

import cn.disclosure.review.core.Severity;
import cn.disclosure.review.inspect.Finding;
import cn.disclosure.review.extract.SubmittedFile;
import cn.disclosure.review.core.Channel;
import cn.disclosure.review.audit.AuditLog;
import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.inspect.InspectionEngine;
import cn.disclosure.review.inspect.InspectionProgress;
import cn.disclosure.review.inspect.InspectionRequest;
import cn.disclosure.review.inspect.InspectionResult;
import cn.disclosure.review.web.NulCharacters;
import cn.disclosure.review.web.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The automatic inspection of revisions: run through the {@link InspectionEngine} once, stored with
 * the revision (verdict, the approval chain it fixes, findings, and every extracted part), and read
 * back by everything that shows or compares content. A revision with files (or a large body) is
 * queued for the {@link InspectionWorker}; a short text body is inspected before the request
 * answers. Either way {@link #complete} stores the result, marks the job done, writes an
 * {@code inspection.complete} audit line and fires {@link InspectionCompleted}.
 */
@ApplicationScoped
public class Inspections {
    private static final Logger LOG = Logger.getLogger(Inspections.class);

    /** A revision's inspection completed (fired inside the storing transaction). */
    public record InspectionCompleted(long draftId, int revision, String channel, String department, String verdict,
                                      String contentHash, OffsetDateTime at) {
    }

    @Inject
    InspectionEngine engine;
    @Inject
    ObjectMapper json;
    @Inject
    ApprovalChain chain;
    @Inject
    AuditLog audit;
    @Inject
    Event<InspectionCompleted> completed;
    @ConfigProperty(name = "review.inspection.inline-max-chars", defaultValue = "200000")
    int inlineMaxChars;

    /** Inspects now (a check, a pre-check, a short draft); an engine failure is a 503, never an unchecked pass. */
    public InspectionEngine.Inspection inspectNow(Channel channel, String title, String body, List<SubmittedFile> files) {
        try {
            InspectionEngine.Inspection full = engine.inspectFully(new InspectionRequest(channel, title, body, files),
                    InspectionProgress.NONE);
            if (full == null || full.result() == null || full.result().verdict() == null) {
                throw new IllegalStateException("inspection engine returned no verdict");
            }
            return full;
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf("自动检查失败：%s", e.getClass().getName());
            throw new ProblemException(503, "inspection-failed", "自动检查未能完成，稿件未保存，请稍后重新提交");
        }
    }

    /** The verdict and findings of an immediate inspection (see {@link #inspectNow}). */
    public InspectionResult inspect(Channel channel, String title, String body, List<SubmittedFile> files) {
        return inspectNow(channel, title, body, files).result();
    }

    /**
     * Whether a revision is inspected before the request answers: no files and a short body without
     * inlined files (data: URLs need OCR). Everything else is queued for the worker.
     */
    public boolean inspectsInline(String body, int files) {
        return files == 0 && (body == null
                || (body.length() <= inlineMaxChars && !body.toLowerCase(Locale.ROOT).contains("data:")));
    }

    /** Queues the inspection of a new revision (in the caller's transaction); older queued revisions of the draft are superseded. */
    public void enqueue(Draft d, Revision r, OffsetDateTime now) {
        InspectionJob.update("status = ?1, finishedAt = ?2 where status = ?3 and revisionId in"
                        + " (select x.id from Revision x where x.draft.id = ?4 and x.id <> ?5)",
                InspectionJob.Status.SUPERSEDED, now, InspectionJob.Status.PENDING, d.id, r.id);
        InspectionJob job = new InspectionJob();
        job.revisionId = r.id;
        job.status = InspectionJob.Status.PENDING;
        job.partsStored = false;
        job.stage = "排队等待检查";
        job.createdAt = now;
        job.persist();
    }

    /**
     * Stores a completed inspection of {@code r} (in the caller's transaction): every part, the
     * result with the approval chain its verdict fixes, the job done; audit line and event.
     */
    public void complete(Draft d, Revision r, InspectionEngine.Inspection full, OffsetDateTime now) {
        storeParts(r.id, full.parts());
        InspectionResult result = full.result();
        RevisionInspection ri = new RevisionInspection();
        ri.revision = r;
        ri.verdict = result.verdict();
        ri.chain = String.join(",", chain.chainFor(d.department, r.channel, result.verdict()));
        ri.result = toJson(result);
        ri.finishedAt = now;
        ri.persist();
        r.result = ri;
        InspectionJob job = InspectionJob.findById(r.id);
        boolean fresh = job == null;
        if (fresh) {
            job = new InspectionJob();
            job.revisionId = r.id;
            job.createdAt = now;
            job.startedAt = now;
        }
        // every column set before persist: Hibernate takes the inserted state at persist time
        job.status = InspectionJob.Status.DONE;
        job.partsStored = true;
        job.stage = "检查完成";
        job.doneUnits = Math.max(job.doneUnits, job.totalUnits);
        job.leaseUntil = null;
        job.worker = null;
        job.finishedAt = now;
        if (fresh) {
            job.persist();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("draftId", d.id);
        details.put("revision", r.number);
        details.put("verdict", result.verdict().name());
        details.put("findings", result.findings().size());
        details.put("parts", full.parts().size());
        details.put("chain", ri.chain);
        details.put("lexiconVersions", result.lexiconVersions());
        audit.append("inspection.complete", null, "draft", d.id.toString(), details);
        completed.fire(new InspectionCompleted(d.id, r.number, r.channel.name(), d.department, result.verdict().name(),
                r.contentHash, now));
    }

    /** Stores the parts of a revision inspected before parts were stored (its result stays as it was). */
    public void storeParts(long revisionId, List<ExtractedPart> parts) {
        int position = 1;
        for (ExtractedPart p : parts) {
            RevisionPart rp = new RevisionPart();
            rp.key = new RevisionPart.Key();
            rp.key.revisionId = revisionId;
            rp.key.position = position++;
            rp.name = p.name().length() > 1000 ? p.name().substring(0, 1000) : p.name();
            rp.origin = p.origin();
            // PostgreSQL keeps no U+0000 in text: one replacement character for one, so offsets stay exact
            rp.text = p.text() == null ? "" : p.text().replace('\u0000', '\uFFFD');
            rp.persist();
        }
    }

    /** The revision's inspection for the API: status, progress, and the result once done. */
    public InspectionView view(Revision r) {
        if (r.result != null) {
            InspectionResult x = fromJson(r.result.result);
            return new InspectionView("DONE", null, x.verdict(), x.findings(), x.lexiconVersions(), x.parts(), x.elapsedMs());
        }
        InspectionJob job = InspectionJob.findById(r.id);
        if (job == null) {
            return new InspectionView("PENDING", new InspectionView.Progress(0, 0, "排队等待检查"), null, null, null, null, null);
        }
        return new InspectionView(job.status.name(), new InspectionView.Progress(job.doneUnits, job.totalUnits,
                job.stage == null ? "" : job.stage), null, null, null, null, null);
    }

    /** Status and progress only (no findings): for lists and the queue. */
    public InspectionView status(Revision r) {
        if (r.result != null) {
            return new InspectionView("DONE", null, r.result.verdict, null, null, null, null);
        }
        InspectionView full = view(r);
        return full;
    }

    /** The stored result of {@code r}, or null while its inspection runs. */
    public InspectionResult result(Revision r) {
        return r.result == null ? null : fromJson(r.result.result);
    }

    public String toJson(InspectionResult result) {
        try {
            return json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public InspectionResult fromJson(String stored) {
        try {
            // stored by the service itself (extracted text may hold any character): not subject to the request NUL guard
            return json.readerFor(InspectionResult.class).withAttribute(NulCharacters.ALLOW, Boolean.TRUE).readValue(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored inspection result unreadable", e);
        }
    }

    /** Findings of the given severity as "where: message (rule)" lines, without the matched text. */
    public List<String> summarise(Revision r, Severity severity) {
        List<String> out = new ArrayList<>();
        InspectionResult result = result(r);
        if (result == null) {
            return out;
        }
        for (Finding f : result.findings()) {
            if (f.severity() == severity) {
                out.add(partLabel(f.part()) + "：" + f.message() + "（" + f.rule() + "）");
            }
        }
        return out;
    }

    public static String partLabel(String part) {
        if (part == null || part.isBlank()) {
            return "稿件";
        }
        return switch (part) {
            case "title" -> "标题";
            case "body" -> "正文";
            default -> "附件 " + part;
        };
    }

}
