package cn.disclosure.review.publish;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;

/** JSON shapes of the publication endpoints. */
public final class PublishViews {
    private PublishViews() {
    }

    /** Body of {@code POST /api/v1/publish-gate}. */
    public record GateRequest(@Size(max = 30, message = "不能超过 {max} 个字符") String channel, String content, Long draftId,
                              @Size(max = 2000, message = "不能超过 {max} 个字符") String url) {
    }

    /**
     * Answer of the gate, always 200: {@code allowed}, Chinese {@code reasons} an editor can act on
     * when refused, the channel's 保密提醒 {@code reminders}, and when allowed the recorded
     * {@code publicationId} (with the draft and revision it matched).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GateAnswer(boolean allowed, List<String> reasons, List<String> reminders, Long publicationId,
                             Long draftId, Integer revision) {
    }

    /** Body of {@code POST /api/v1/drafts/{id}/publications}; channel defaults to the draft's. */
    public record PublishRequest(@Size(max = 30, message = "不能超过 {max} 个字符") String channel,
                                 @Size(max = 2000, message = "不能超过 {max} 个字符") String url) {
    }

    public record Published(long publicationId, long draftId, int revision, String channel, String url,
                            String contentHash, OffsetDateTime publishedAt, String state, List<String> reminders) {
    }

    /** Body of {@code POST /api/v1/publications/{id}/withdrawal}. */
    public record WithdrawalRequest(@Size(max = 2000, message = "不能超过 {max} 个字符") String reason) {
    }

    public record Withdrawn(long publicationId, long draftId, String reason, String actor, OffsetDateTime withdrawnAt,
                            String state) {
    }
}
