package cn.disclosure.review.web;

import java.util.Map;

/**
 * A line for the audit log from a package that sits below {@code audit} ({@code web}, {@code identity})
 * and therefore must not call it: fired as a CDI event, observed and appended by {@code audit}.
 * Fired synchronously it joins the caller's transaction (or starts one); fired asynchronously
 * ({@code fireAsync}) it is appended in a transaction of its own, whatever became of the request's.
 * Never carries draft content, passwords, keys or cookies.
 */
public record AuditEvent(String action, String actor, String subjectType, String subjectId, Map<String, ?> details) {
    /** The actor of a request nobody signed in for. */
    public static final String ANONYMOUS = "anonymous";
}
