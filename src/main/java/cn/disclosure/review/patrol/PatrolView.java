package cn.disclosure.review.patrol;

import java.time.OffsetDateTime;
import java.util.List;

/** A patrol as the API shows it; {@code problems} is null in the list. */
public record PatrolView(long id, String status, String trigger, Progress progress, int pages, int skipped,
                         List<String> sitemaps, int problemCount, String startedBy, OffsetDateTime startedAt,
                         OffsetDateTime finishedAt, String failure, List<Problem> problems) {

    public record Progress(int done, int total) {
    }

    /** One problem: type, page, publication (null for UNREGISTERED and sitemap failures), findings, diff, 整改 item. */
    public record Problem(long id, String type, String typeLabel, String url, Long publicationId, String title,
                          String department, String detail, List<Finding> findings, List<PageComparison.DiffLine> diff,
                          Long rectificationId) {
    }

    /** A finding on the page: where and which rule; the message names a lexicon term as the draft API does. */
    public record Finding(String category, String severity, String rule, String message, String part) {
    }

    /** The latest patrol result of a publication (spot-check items show it). */
    public record Latest(long publicationId, String outcome, Long patrolId, OffsetDateTime checkedAt, List<String> problemTypes,
                         String label) {
    }
}
