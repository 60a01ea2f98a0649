package cn.disclosure.review.intake;

import jakarta.validation.constraints.Size;

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
public record DraftInput(@Size(max = 500, message = "不能超过 {max} 个字符") String title,
                         @Size(max = 30, message = "不能超过 {max} 个字符") String channel,
                         @Size(max = 100, message = "不能超过 {max} 个字符") String department,
                         String body,
                         @Size(max = 200, message = "不能超过 {max} 个字符") String docNumber,
                         @Size(max = 2000, message = "不能超过 {max} 个字符") String plannedUrl,
                         @Size(max = 64, message = "不能超过 {max} 个字符") String plannedAt,
                         Boolean submit,
                         @Size(max = 100, message = "最多 {max} 项")
                         List<@Size(max = 500, message = "不能超过 {max} 个字符") String> keepAttachments) {

    public boolean submitNow() {
        return submit == null || submit;
    }
}
