package cn.disclosure.review.inspect;

import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/check} as JSON: the draft text (plain or HTML), its channel and an optional title. */
public record CheckRequest(String text, @Size(max = 30, message = "不能超过 {max} 个字符") String channel,
                           @Size(max = 500, message = "不能超过 {max} 个字符") String title) {
}
