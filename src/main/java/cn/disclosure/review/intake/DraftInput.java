package cn.disclosure.review.intake;

import java.util.List;

/**
 * What an editor sends to create a draft or a new revision: the JSON body of
 * {@code POST/PUT /api/v1/drafts}, or the {@code draft} part of the multipart form.
 * On a new revision every field left out (null) keeps its previous value; {@code keepAttachments}
 * left out keeps all previous attachments, a list keeps only those named (uploaded files are
 * added, replacing a kept one of the same name).
 *
 * @param plannedAt ISO-8601 date-time with offset; without offset (or a bare date) it is read in {@code review.intake.zone}
 * @param submit    false keeps the draft (or the new revision) back as DRAFT; default true
 */
public record DraftInput(String title, String channel, String department, String body, String docNumber,
                         String plannedUrl, String plannedAt, Boolean submit, List<String> keepAttachments) {

    public boolean submitNow() {
        return submit == null || submit;
    }
}
