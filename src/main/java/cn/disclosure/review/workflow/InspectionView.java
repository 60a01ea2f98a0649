package cn.disclosure.review.workflow;

import cn.disclosure.review.core.Verdict;
import cn.disclosure.review.inspect.Finding;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * A revision's inspection as the API shows it: {@code status} PENDING / RUNNING / DONE (SUPERSEDED
 * when a newer revision came first), {@code progress} while it runs, and once done the result —
 * {@code verdict}, {@code findings}, {@code lexiconVersions}, {@code parts}, {@code elapsedMs}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InspectionView(String status, Progress progress, Verdict verdict, List<Finding> findings,
                             Map<String, Integer> lexiconVersions, List<String> parts, Long elapsedMs) {

    /** Units of work done of the total (files read, pages recognised) and what is being done. */
    public record Progress(int done, int total, String stage) {
    }

    public boolean isDone() {
        return "DONE".equals(status);
    }
}
