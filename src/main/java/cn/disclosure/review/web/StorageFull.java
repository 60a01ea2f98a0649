package cn.disclosure.review.web;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Recognises "no space left" anywhere in an exception's cause chain: PostgreSQL's
 * {@code disk_full} (SQLState 53100) or another lack of resources of class 53 that is not about
 * connections or memory (53000), and a local write that failed with ENOSPC ("No space left on
 * device") or EDQUOT ("Disk quota exceeded") — an upload written to disk, the search index, a
 * checkpoint file. The API answers 503 {@code storage-full} with {@code Retry-After}; the incident is
 * logged once ({@link FaultIncident}) and readiness is DOWN while failures keep coming
 * ({@link StorageHealthCheck}).
 */
public final class StorageFull {
    /** Seconds a client is asked to wait (Retry-After): freeing space takes an operator. */
    public static final int RETRY_AFTER_SECONDS = 60;

    static final FaultIncident INCIDENT = new FaultIncident(Logger.getLogger(StorageFull.class), "storage-full",
            "存储空间不足", "服务器存储空间已满，暂时无法保存，请稍后重试；如持续出现请联系系统管理员", RETRY_AFTER_SECONDS,
            "存储空间已满（%s），API 暂以 503 storage-full 应答、就绪探针为 DOWN%s；同一次故障不再逐条记录；请清理数据卷或扩容");

    private StorageFull() {
    }

    /** Whether {@code t} (or one of its causes) says a disk is full. */
    public static boolean isStorageFull(Throwable t) {
        Throwable e = t;
        for (int depth = 0; e != null && depth < 25; depth++, e = e.getCause()) {
            if (e instanceof SQLException sql) {
                String state = sql.getSQLState();
                if ("53100".equals(state) || "53000".equals(state)) {
                    return true;
                }
            }
            if (e instanceof IOException || e.getClass().getName().endsWith(".FileSystemException")
                    || e instanceof java.io.UncheckedIOException) {
                String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
                if (message.contains("no space left on device") || message.contains("disk quota exceeded")) {
                    return true;
                }
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return false;
    }

    /** Records one failed request; logs a line only when it starts a new incident. */
    public static void report(Throwable t) {
        INCIDENT.report(t);
    }

    static void forgetIncident() {
        INCIDENT.forget();
    }

    public static Problem problem() {
        return INCIDENT.problem();
    }
}
