package cn.disclosure.review.ui;

import cn.disclosure.review.core.ServiceZone;
import cn.disclosure.review.extract.ExtractedPart;
import cn.disclosure.review.intake.DraftService;
import cn.disclosure.review.intake.DraftViews;
import cn.disclosure.review.workflow.ChainStep;
import cn.disclosure.review.workflow.InspectionView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * Loads a draft's current revision for the review page and the editor's status page, through
 * {@link DraftService} (which checks that the caller may read it). The parts shown are those the
 * background inspection extracted and stored, so each finding is marked exactly where its offsets
 * point and opening the page reads no file again; while the inspection runs the page shows its progress.
 */
@ApplicationScoped
public class DraftPageLoader {

    @Inject
    DraftService drafts;
    @Inject
    ServiceZone zone;

    public DraftPage load(long id) {
        DraftViews.Detail d = drafts.get(id);
        DraftViews.RevisionDetail current = d.current();

        InspectionView inspectionView = current.inspection();
        boolean done = inspectionView != null && inspectionView.isDone();
        // the parts stored by the inspection: nothing is read again, the findings' offsets refer to these texts
        List<ExtractedPart> parts = done ? drafts.parts(id, current.revision()) : List.of();
        String pending = done ? null : pending(inspectionView);
        List<DraftPage.AttachmentRow> attachments = new ArrayList<>();
        for (DraftViews.Attachment a : current.attachments()) {
            attachments.add(new DraftPage.AttachmentRow(a.position(), a.filename(), size(a.size()),
                    "/api/v1/drafts/" + id + "/revisions/" + current.revision() + "/attachments/" + a.position()));
        }
        Highlighter.Result inspection = Highlighter.highlight(parts,
                !done || inspectionView.findings() == null ? List.of() : inspectionView.findings());

        Integer previous = null;
        List<TextDiff.Segment> diff = List.of();
        List<DraftPage.ChainRow> earlier = new ArrayList<>();
        if (current.revision() > 1) {
            previous = current.revision() - 1;
            diff = TextDiff.diff(drafts.revision(id, previous).body(), current.body());
            for (int n = 1; n < current.revision(); n++) {
                int number = n;
                drafts.revision(id, n).chain().stream().filter(s -> s.reviewer() != null)
                        .forEach(s -> earlier.add(row(number, s)));
            }
        }
        List<DraftPage.ChainRow> chain = d.chain().stream().map(s -> row(current.revision(), s)).toList();
        List<DraftPage.RevisionRow> revisions = d.revisions().stream()
                .map(r -> new DraftPage.RevisionRow(r.revision(), r.verdict(), Labels.verdict(r.verdict()), r.createdBy(),
                        Labels.time(r.createdAt(), zone.zone()), r.attachments().size()))
                .toList();
        List<DraftPage.PublicationRow> publications = d.publications().stream()
                .map(p -> new DraftPage.PublicationRow(p.publicationId(), Labels.channel(p.channel()), nz(p.url()),
                        Labels.time(p.publishedAt(), zone.zone()), p.publishedBy(), p.withdrawn()))
                .toList();
        return new DraftPage(d.id(), d.title(), d.channel(), d.channelLabel(), d.department(), d.submitter(),
                nz(d.docNumber()), d.state(), d.stateLabel(), current.revision(), current.contentHash(), current.verdict(),
                Labels.verdict(current.verdict()), current.createdBy(), Labels.time(current.createdAt(), zone.zone()),
                nz(current.body()), inspection, pending, previous, diff, chain, earlier, attachments, revisions,
                publications, d.allowedActions());
    }

    /** "识别第 3/10 页（3/10）" while the background inspection runs. */
    static String pending(InspectionView v) {
        if (v == null || v.progress() == null) {
            return "排队等待检查";
        }
        InspectionView.Progress p = v.progress();
        String stage = p.stage() == null || p.stage().isBlank() ? "检查中" : p.stage();
        return p.total() > 0 ? stage + "（已完成 " + p.done() + "/" + p.total() + "）" : stage;
    }

    private DraftPage.ChainRow row(int revision, ChainStep s) {
        return new DraftPage.ChainRow(revision, s.step(), s.roleLabel(), s.status(), Labels.stepStatus(s.status()),
                nz(s.reviewer()), Labels.time(s.decidedAt(), zone.zone()), nz(s.opinion()), nz(s.justification()));
    }

    static String size(long bytes) {
        if (bytes >= 1024 * 1024) {
            return String.format("%.1f MB", bytes / (1024.0 * 1024));
        }
        return bytes >= 1024 ? (bytes / 1024) + " KB" : bytes + " 字节";
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
