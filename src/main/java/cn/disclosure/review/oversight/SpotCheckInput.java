package cn.disclosure.review.oversight;

import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Body of {@code POST /api/v1/spot-checks} (and of {@code PUT /api/v1/spot-checks/{id}}, where only
 * {@code title} and {@code basis} may change).
 *
 * @param from           first day of the period (yyyy-MM-dd, inclusive)
 * @param to             last day (inclusive)
 * @param size           sample size; without it the discovery size for {@code confidence} and {@code maxProblemRate}
 * @param confidence     C, default {@code review.oversight.confidence}
 * @param maxProblemRate p, default {@code review.oversight.max-problem-rate}
 * @param strata         "department", "channel": draw within each group, sizes in proportion
 * @param seed           the seed (any printable text); random 32 bytes in hex when absent
 * @param department     the department sampled (a department reviewer: only their own)
 * @param title          the check's title in the 通报
 * @param basis          依据 (e.g. the plan or notice the check carries out)
 */
public record SpotCheckInput(@Size(max = 10, message = "不能超过 {max} 个字符") String from,
                             @Size(max = 10, message = "不能超过 {max} 个字符") String to,
                             Integer size, Double confidence, Double maxProblemRate,
                             @Size(max = 2, message = "最多 {max} 项") List<String> strata,
                             @Size(max = 200, message = "不能超过 {max} 个字符") String seed,
                             @Size(max = 100, message = "不能超过 {max} 个字符") String department,
                             @Size(max = 200, message = "不能超过 {max} 个字符") String title,
                             @Size(max = 4000, message = "不能超过 {max} 个字符") String basis) {
}
