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
    /**
     * Service role of the mail gate (deploy/mail): may call only {@code POST /api/v1/check} and
     * {@code GET /api/v1/reminders}, and only it may send the envelope fields of a mail check.
     */
    public static final String MAIL_GATE = "MAIL_GATE";

    private Roles() {
    }
}
