package cn.disclosure.review.check;

/** {@code POST /api/v1/check} as JSON: the draft text (plain or HTML), its channel and an optional title. */
public record CheckRequest(String text, String channel, String title) {
}
