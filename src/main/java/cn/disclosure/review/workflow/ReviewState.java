package cn.disclosure.review.workflow;

/** Where a draft stands in 先审查、后公开. The transitions between states live in {@link Lifecycle}. */
public enum ReviewState {
    DRAFT("草稿"),
    IN_REVIEW("审查中"),
    RETURNED("退回修改"),
    REJECTED("不予公开"),
    APPROVED("审查通过"),
    PUBLISHED("已发布"),
    WITHDRAWN("已撤稿");

    public final String label;

    ReviewState(String label) {
        this.label = label;
    }
}
