package cn.disclosure.review.oversight;

import jakarta.validation.constraints.Size;

/**
 * Body of {@code PUT /api/v1/spot-checks/{id}/items/{publicationId}}.
 *
 * @param result   OK or PROBLEM
 * @param problem  the kind of problem (see {@link Problems}); required with PROBLEM
 * @param note     what the checker saw
 * @param deadline 整改期限 (yyyy-MM-dd) for a problem; default today + {@code review.oversight.rectify-days}
 */
public record ItemInput(@Size(max = 10, message = "不能超过 {max} 个字符") String result,
                        @Size(max = 40, message = "不能超过 {max} 个字符") String problem,
                        @Size(max = 4000, message = "不能超过 {max} 个字符") String note,
                        @Size(max = 10, message = "不能超过 {max} 个字符") String deadline) {
}
