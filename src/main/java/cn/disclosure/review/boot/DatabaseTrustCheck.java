package cn.disclosure.review.boot;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Fail closed at start when the database the service writes to is not a trust base: the service
 * refuses to start when its own database role could change history (superuser, role/database
 * creation, owner of a table or member of an owner, TRUNCATE or TRIGGER on any table, UPDATE or
 * DELETE on an insert-only table), or when an answered write would not be durable ({@code fsync}
 * off, {@code synchronous_commit} off for its sessions). Checked once, as the datasource's user,
 * before the rest of the service starts; the embedded database and a production database set up as
 * in docs/security/database.md pass.
 */
@ApplicationScoped
public class DatabaseTrustCheck {
    private static final Logger LOG = Logger.getLogger(DatabaseTrustCheck.class);

    @Inject
    DataSource dataSource;

    void onStart(@Observes @Priority(10) StartupEvent ev) throws SQLException {
        List<String> problems;
        try (Connection c = dataSource.getConnection()) {
            problems = problems(c);
        }
        if (!problems.isEmpty()) {
            String text = String.join("；", problems);
            LOG.errorf("数据库不满足服务的安全要求，服务拒绝启动：%s", text);
            throw new IllegalStateException("数据库不满足服务的安全要求：" + text);
        }
    }

    /** What is wrong with the connection's role and server settings, in words for the operator; empty when nothing is. */
    public static List<String> problems(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("""
                    select current_user, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls
                      from pg_roles where rolname = current_user""")) {
                rs.next();
                String me = rs.getString(1);
                if (rs.getBoolean(2) || rs.getBoolean(3) || rs.getBoolean(4) || rs.getBoolean(5) || rs.getBoolean(6)) {
                    out.add("服务的数据库账号 " + me + " 权限过大（不得是 SUPERUSER、CREATEROLE、CREATEDB、REPLICATION 或 BYPASSRLS）");
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    select string_agg(c.relname, ', ' order by c.relname)
                      from pg_class c
                     where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
                       and (pg_has_role(c.relowner, 'MEMBER')
                            or has_table_privilege(c.oid, 'TRUNCATE')
                            or has_table_privilege(c.oid, 'TRIGGER'))""")) {
                rs.next();
                if (rs.getString(1) != null) {
                    out.add("服务的数据库账号拥有下列表，或可清空（TRUNCATE）或为其建触发器：" + rs.getString(1)
                            + "（应以所有者账号运行迁移，服务使用只有读写权限的应用账号）");
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    select string_agg(distinct c.relname, ', ')
                      from pg_class c
                      join pg_trigger t on t.tgrelid = c.oid and not t.tgisinternal
                      join pg_proc p on p.oid = t.tgfoid and p.proname in ('review_insert_only', 'audit_entry_append_only')
                     where c.relnamespace = current_schema()::regnamespace
                       and (has_table_privilege(c.oid, 'UPDATE') or has_table_privilege(c.oid, 'DELETE')
                            or t.tgenabled not in ('O', 'A'))""")) {
                rs.next();
                if (rs.getString(1) != null) {
                    out.add("只允许追加的表可被服务修改或删除，或其保护触发器已停用：" + rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("select current_setting('fsync'), current_setting('synchronous_commit')")) {
                rs.next();
                if (!"on".equals(rs.getString(1))) {
                    out.add("PostgreSQL 的 fsync 未开启：已确认的写入在断电后可能丢失");
                }
                if ("off".equals(rs.getString(2))) {
                    out.add("服务会话的 synchronous_commit 为 off：已确认的写入在数据库崩溃后可能丢失");
                }
            }
        }
        return out;
    }
}
