package cn.disclosure.review.core;

/** Role names as they appear in accounts, tokens ({@code groups}) and {@code @RolesAllowed}. */
public final class Roles {
    public static final String EDITOR = "EDITOR";
    public static final String DEPT_REVIEWER = "DEPT_REVIEWER";
    public static final String SECRECY_OFFICE = "SECRECY_OFFICE";
    public static final String LEADER = "LEADER";
    public static final String ADMIN = "ADMIN";
    /** Service role of CMS plugins calling the publish gate and the check API. */
    public static final String CMS = "CMS";

    private Roles() {
    }
}
