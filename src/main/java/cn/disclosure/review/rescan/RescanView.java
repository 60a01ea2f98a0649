package cn.disclosure.review.rescan;

import java.time.OffsetDateTime;
import java.util.List;

/** A rescan as the API shows it; {@code hits} is null in the list. */
public record RescanView(long id, Trigger trigger, String status, Progress progress, int phrases, int hitCount,
                         String startedBy, OffsetDateTime startedAt, OffsetDateTime finishedAt, List<Hit> hits) {

    public record Trigger(String type, String name, int version) {
    }

    public record Progress(int done, int total) {
    }

    public record Hit(long publicationId, String title, String department, String url, Long rectificationId,
                      List<HitFinding> findings) {
    }

    /** A confirmed finding: where and which rule; the message names the lexicon term as the draft API does. */
    public record HitFinding(String category, String severity, String rule, String message, String part, int start, int end) {
    }
}
