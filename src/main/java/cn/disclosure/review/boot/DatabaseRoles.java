package cn.disclosure.review.boot;

import org.jboss.logging.Logger;
import org.postgresql.util.PasswordUtil;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The roles of the embedded database, set up by the superuser on every start (idempotent):
 * <ul>
 * <li>{@value #OWNER} owns schema {@code public} and everything in it and runs Flyway;</li>
 * <li>{@value #APPLICATION} is what the service connects as: it logs in and owns nothing, so it can
 * neither disable a trigger nor truncate a table; its row rights come from the Flyway callback
 * {@code db/migration/afterMigrate.sql}.</li>
 * </ul>
 * Neither role is a superuser, may create roles or databases, replicate, bypass row security, or is
 * a member of another role. A data directory of the previous release (everything owned by the
 * superuser) is taken over here: ownership of its objects moves to the owner role.
 */
final class DatabaseRoles {
    private static final Logger LOG = Logger.getLogger(DatabaseRoles.class);
    static final String OWNER = "review_owner";
    static final String APPLICATION = "review_app";
    private static final String LIMITS = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";

    private DatabaseRoles() {
    }

    static void apply(Connection su, String ownerPassword, String appPassword) throws SQLException {
        boolean auto = su.getAutoCommit();
        su.setAutoCommit(false);
        try (Statement s = su.createStatement()) {
            s.execute("set local password_encryption = 'scram-sha-256'");
            ensureRole(su, OWNER, ownerPassword, LIMITS + " INHERIT");
            ensureRole(su, APPLICATION, appPassword, LIMITS + " NOINHERIT");
            revokeMemberships(su);

            // nobody but the two roles (and superusers) connects; nobody makes temporary objects
            s.execute("revoke all on database " + EmbeddedDatabase.DATABASE + " from public");
            s.execute("grant connect on database " + EmbeddedDatabase.DATABASE + " to " + OWNER + ", " + APPLICATION);
            s.execute("alter schema public owner to " + OWNER);
            s.execute("revoke all on schema public from public");
            s.execute("grant usage on schema public to " + APPLICATION);
            int moved = takeOverObjects(su);
            if (moved > 0) {
                LOG.infof("内置 PostgreSQL：%d 个对象的所有者已改为 %s（旧版本数据目录升级）", moved, OWNER);
            }
            su.commit();
        } catch (SQLException | RuntimeException e) {
            su.rollback();
            throw e;
        } finally {
            su.setAutoCommit(auto);
        }
    }

    private static void ensureRole(Connection su, String role, String password, String attributes) throws SQLException {
        String verifier = PasswordUtil.encodeScramSha256(password.toCharArray());
        try (Statement s = su.createStatement()) {
            if (!exists(su, "select 1 from pg_roles where rolname = ?", role)) {
                s.execute("create role " + role + " " + attributes);
            }
            // the statement carries the SCRAM verifier, never the password itself
            s.execute("alter role " + role + " with " + attributes + " password '" + verifier + "'");
            // no per-role settings (e.g. synchronous_commit = off) from anyone else
            s.execute("alter role " + role + " reset all");
            s.execute("alter role " + role + " in database " + EmbeddedDatabase.DATABASE + " reset all");
        }
    }

    /** Neither role is a member of any role, nor has any member. */
    private static void revokeMemberships(Connection su) throws SQLException {
        List<String> revokes = new ArrayList<>();
        try (PreparedStatement q = su.prepareStatement("""
                select quote_ident(r.rolname), quote_ident(m.rolname), quote_ident(g.rolname)
                  from pg_auth_members a
                  join pg_roles r on r.oid = a.roleid
                  join pg_roles m on m.oid = a.member
                  join pg_roles g on g.oid = a.grantor
                 where r.rolname in (?, ?) or m.rolname in (?, ?)""")) {
            q.setString(1, OWNER);
            q.setString(2, APPLICATION);
            q.setString(3, OWNER);
            q.setString(4, APPLICATION);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    revokes.add("revoke " + rs.getString(1) + " from " + rs.getString(2) + " granted by " + rs.getString(3));
                }
            }
        }
        try (Statement s = su.createStatement()) {
            for (String r : revokes) {
                LOG.warn("内置 PostgreSQL：撤销数据库角色成员关系（应用角色与所有者角色不得属于任何角色）");
                s.execute(r);
            }
        }
    }

    /** Everything in schema public not owned by the owner role becomes the owner role's. */
    private static int takeOverObjects(Connection su) throws SQLException {
        List<String> alters = new ArrayList<>();
        // tables first: their sequences (serial/identity) and indexes follow them
        collect(su, alters, """
                select case c.relkind when 'v' then 'view' when 'm' then 'materialized view'
                                      when 'f' then 'foreign table' else 'table' end,
                       format('%I.%I', n.nspname, c.relname)
                  from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')
                   and c.relowner <> (select oid from pg_roles where rolname = ?)""");
        collect(su, alters, """
                select 'routine', p.oid::regprocedure::text
                  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                 where n.nspname = 'public'
                   and p.proowner <> (select oid from pg_roles where rolname = ?)""");
        int n = execute(su, alters);
        alters.clear();
        collect(su, alters, """
                select 'sequence', format('%I.%I', n.nspname, c.relname)
                  from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = 'public' and c.relkind = 'S'
                   and c.relowner <> (select oid from pg_roles where rolname = ?)""");
        return n + execute(su, alters);
    }

    private static void collect(Connection su, List<String> alters, String query) throws SQLException {
        try (PreparedStatement q = su.prepareStatement(query)) {
            q.setString(1, OWNER);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    alters.add("alter " + rs.getString(1) + " " + rs.getString(2) + " owner to " + OWNER);
                }
            }
        }
    }

    private static int execute(Connection su, List<String> statements) throws SQLException {
        try (Statement s = su.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
        return statements.size();
    }

    private static boolean exists(Connection c, String query, String param) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(query)) {
            q.setString(1, param);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }
}
