package cn.disclosure.review.workflow;

/** What a reviewer decides on one step. */
public enum DecisionType {
    APPROVE("同意"),
    RETURN("退回修改"),
    REJECT("不予公开");

    public final String label;

    DecisionType(String label) {
        this.label = label;
    }
}
