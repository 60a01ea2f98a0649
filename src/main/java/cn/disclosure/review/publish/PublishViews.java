package cn.disclosure.review.publish;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;

/** JSON shapes of the publication endpoints. */
public final class PublishViews {
    private PublishViews() {
    }

    /**
     * Body of {@code POST /api/v1/publish-gate}: what a CMS is about to publish, exactly as readers get
     * it. {@code content} is the body (rendered HTML or text); {@code title} and {@code excerpt} are
     * compared when given; {@code media} declares every file the page publishes with its SHA-256;
     * {@code publicationId} names a publication this CMS recorded for the same item earlier (a save of
     * a live post whose content is unchanged is then allowed without a new registration).
     */
    public record GateRequest(@Size(max = 30, message = "不能超过 {max} 个字符") String channel, String content,
                              @Size(max = 500, message = "不能超过 {max} 个字符") String title,
                              @Size(max = 100000, message = "不能超过 {max} 个字符") String excerpt,
                              @Size(max = 500, message = "不能超过 {max} 项") List<@Valid MediaFile> media,
                              @Size(max = 2000, message = "不能超过 {max} 个字符") String url, Long draftId, Long publicationId) {
        public GateRequest(String channel, String content, Long draftId, String url) {
            this(channel, content, null, null, null, url, draftId, null);
        }
    }

    /** A file the page publishes: its URL and the lowercase hex SHA-256 of its bytes. */
    public record MediaFile(@Size(max = 2000, message = "不能超过 {max} 个字符") String url,
                            @Size(max = 64, message = "不能超过 {max} 个字符") String sha256) {
    }

    /** Why the gate refuses: a stable code and a Chinese message an editor can act on. */
    public record GateReason(String code, String message) {
    }

    /** One difference between what was approved and what was sent ({@code kind}: text, link, media, markup, title, excerpt). */
    public record GateDifference(String kind, String approved, String sent) {
    }

    /**
     * Answer of the gate, always 200: {@code allowed}; {@code unchanged} when a live item was saved
     * with its approved content (nothing new recorded); {@code reasons} when refused; the channel's
     * 保密提醒 {@code reminders}; the {@code publicationId} (with the draft and revision it matched);
     * and a short {@code diff} when the content differs from the approved revision.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GateAnswer(boolean allowed, boolean unchanged, List<GateReason> reasons, List<String> reminders,
                             Long publicationId, Long draftId, Integer revision, List<GateDifference> diff) {
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
