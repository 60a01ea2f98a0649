package cn.disclosure.review.boot;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded database's life outside a running service, each case on a data directory of its own:
 * first start, a start after the JVM was killed (its PostgreSQL still running), a data directory of
 * the previous release (trust authentication, everything owned by the superuser), a lost password
 * file, tables added by later migrations.
 */
class EmbeddedDatabaseTest {

    @Test
    void aNewDataDirectoryNeedsPasswordsFromTheFirstMomentAndKeepsThemPrivate(@TempDir Path data) throws Exception {
        EmbeddedDatabase.Running db = EmbeddedDatabase.start(data, freePort(), EmbeddedPostgresResource.binaries());
        try {
            assertThat(Files.readString(data.resolve("pg/pg_hba.conf"))).doesNotContain("trust").contains("scram-sha-256");
            assertThat(PgStartup.startup(db.port(), EmbeddedDatabase.SUPERUSER).code()).isEqualTo(PgStartup.AUTH_SASL);
            for (String secret : new String[]{"db-superuser-password", "db-owner-password", "db-app-password"}) {
                Path f = data.resolve("secrets").resolve(secret);
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
                assertThat(Files.readString(f)).hasSizeGreaterThanOrEqualTo(43);
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("pg")))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(EmbeddedPostgresResource.binaries()))).isEqualTo("rwx------");
            try (Connection c = db.connect(db.superuser()); Statement s = c.createStatement()) {
                assertThat(roleAttributes(s, EmbeddedDatabase.APPLICATION)).isEqualTo("login nosuper nocreaterole nocreatedb norepl nobypassrls noinherit");
                assertThat(roleAttributes(s, EmbeddedDatabase.OWNER)).isEqualTo("login nosuper nocreaterole nocreatedb norepl nobypassrls inherit");
                assertThat(count(s, "select count(*) from pg_auth_members a join pg_roles r on r.oid in (a.roleid, a.member)"
                        + " where r.rolname in ('review_app', 'review_owner')")).isZero();
                assertThat(count(s, "select count(*) from pg_namespace where nspname = 'public' and nspowner = 'review_owner'::regrole")).isOne();
            }
            migrate(db, db.owner());
            try (Connection c = db.connect(db.application()); Statement s = c.createStatement()) {
                assertThat(DatabaseTrustCheck.problems(c)).isEmpty();
            }
            try (Connection c = db.connect(db.owner())) {
                assertThat(DatabaseTrustCheck.problems(c)).anySatisfy(p -> assertThat(p).contains("拥有下列表"));
            }
            try (Connection c = db.connect(db.superuser())) {
                assertThat(DatabaseTrustCheck.problems(c)).anySatisfy(p -> assertThat(p).contains("权限过大"));
            }
        } finally {
            db.stop();
        }
    }

    @Test
    void aStartAfterKill9RecoversWithItsDataAndItsPasswords(@TempDir Path data) throws Exception {
        int port = freePort();
        EmbeddedDatabase.Running first = EmbeddedDatabase.start(data, port, EmbeddedPostgresResource.binaries());
        migrate(first, first.owner());
        try (Connection c = first.connect(first.application()); Statement s = c.createStatement()) {
            s.executeUpdate("insert into account (username, password_hash, roles) values ('before-kill', 'x', 'EDITOR')");
        }
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("pg/postmaster.pid")).get(0).trim());
        // the JVM that started `first` is gone (kill -9): its PostgreSQL is still running; a new start takes over
        EmbeddedDatabase.Running second = EmbeddedDatabase.start(data, port, EmbeddedPostgresResource.binaries());
        try {
            // gone, or a zombie its parent has not reaped yet (it holds nothing any more)
            assertThat(ProcessHandle.of(postmaster).map(PostgresServer::running).orElse(false)).isFalse();
            assertThat(second.application()).isEqualTo(first.application());
            try (Connection c = second.connect(second.application()); Statement s = c.createStatement()) {
                assertThat(count(s, "select count(*) from account where username = 'before-kill'")).isOne();
            }
            assertThat(PgStartup.startup(port, EmbeddedDatabase.SUPERUSER).code()).isEqualTo(PgStartup.AUTH_SASL);
        } finally {
            second.stop();
        }
    }

    @Test
    void aDataDirectoryOfThePreviousReleaseIsUpgradedOnStart(@TempDir Path data) throws Exception {
        int port = freePort();
        // the previous release: zonky's defaults (initdb -A trust, fsync off), the service as superuser
        EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(data.resolve("pg")).setCleanDataDirectory(false)
                .setPort(port).start();
        Flyway.configure().dataSource(old.getPostgresDatabase()).locations("classpath:db/migration")
                .target("4").skipDefaultCallbacks(true).load().migrate();
        try (Connection c = old.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            assertThat(PgStartup.startup(port, "postgres").code()).as("the old release: trust").isEqualTo(PgStartup.AUTH_OK);
            s.executeUpdate("insert into account (username, password_hash, roles) values ('old-editor', 'x', 'EDITOR')");
            s.executeUpdate("insert into audit_entry (seq, at, action, details, prev_hash, hash)"
                    + " values (1, now(), 'OLD', '{}', repeat('0', 64), repeat('1', 64))");
        }
        // the old JVM was killed: its trust-configured PostgreSQL is still running when the new code starts
        EmbeddedDatabase.Running db = EmbeddedDatabase.start(data, port, EmbeddedPostgresResource.binaries());
        try {
            for (String user : new String[]{"postgres", EmbeddedDatabase.OWNER, EmbeddedDatabase.APPLICATION}) {
                assertThat(PgStartup.startup(port, user).code()).as(user).isEqualTo(PgStartup.AUTH_SASL);
                assertThatThrownBy(() -> PgStartup.login(port, user, null).close()).as(user).isInstanceOf(SQLException.class);
            }
            assertThat(Files.readString(data.resolve("pg/pg_hba.conf"))).doesNotContain("trust");
            migrate(db, db.owner());
            try (Connection c = db.connect(db.superuser()); Statement s = c.createStatement()) {
                assertThat(count(s, "select count(*) from pg_class where relnamespace = 'public'::regnamespace"
                        + " and relkind in ('r', 'S') and relowner <> 'review_owner'::regrole")).isZero();
                assertThat(count(s, "select count(*) from pg_proc where pronamespace = 'public'::regnamespace"
                        + " and proowner <> 'review_owner'::regrole")).isZero();
                assertThat(show(s, "fsync")).isEqualTo("on");
                assertThat(show(s, "synchronous_commit")).isEqualTo("on");
            }
            try (Connection c = db.connect(db.application()); Statement s = c.createStatement()) {
                assertThat(count(s, "select count(*) from account where username = 'old-editor'")).isOne();
                assertThat(count(s, "select count(*) from audit_entry where action = 'OLD'")).isOne();
                assertThatThrownBy(() -> s.execute("truncate audit_entry")).isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> s.execute("alter table audit_entry disable trigger all")).isInstanceOf(SQLException.class);
                assertThat(DatabaseTrustCheck.problems(c)).isEmpty();
            }
        } finally {
            db.stop();
        }
    }

    @Test
    void aLostPasswordFileIsReplacedAndTheOldPasswordNoLongerOpensTheDatabase(@TempDir Path data) throws Exception {
        int port = freePort();
        EmbeddedDatabase.Running first = EmbeddedDatabase.start(data, port, EmbeddedPostgresResource.binaries());
        first.stop();
        Files.delete(data.resolve("secrets/db-superuser-password"));
        EmbeddedDatabase.Running second = EmbeddedDatabase.start(data, port, EmbeddedPostgresResource.binaries());
        try {
            assertThat(second.superuser().password()).isNotEqualTo(first.superuser().password());
            assertThatThrownBy(() -> second.connect(first.superuser()).close())
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
            try (Connection c = second.connect(second.superuser())) {
                assertThat(c.isValid(5)).isTrue();
            }
        } finally {
            second.stop();
        }
    }

    @Test
    void tablesOfLaterMigrationsGetTheirRightsFromTheCallback(@TempDir Path data) throws Exception {
        EmbeddedDatabase.Running db = EmbeddedDatabase.start(data, freePort(), EmbeddedPostgresResource.binaries());
        try {
            migrate(db, db.owner());
            // a later migration adds an insert-only table and an ordinary one; nobody writes a GRANT
            migrate(db, db.owner(), "classpath:db/migration", "classpath:db/later-migration-test");
            try (Connection c = db.connect(db.application()); Statement s = c.createStatement()) {
                s.executeUpdate("insert into later_log (note) values ('a')");
                s.executeUpdate("insert into later_state (note) values ('a')");
                assertThat(s.executeUpdate("update later_state set note = 'b'")).isOne();
                assertThat(s.executeUpdate("delete from later_state")).isOne();
                assertThatThrownBy(() -> s.executeUpdate("update later_log set note = 'b'"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                assertThatThrownBy(() -> s.executeUpdate("delete from later_log"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                assertThatThrownBy(() -> s.execute("truncate later_state"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
            // the owner disables an insert-only trigger; the next migrate enables it again
            try (Connection c = db.connect(db.owner()); Statement s = c.createStatement()) {
                s.execute("alter table audit_entry disable trigger audit_entry_no_update");
            }
            try (Connection c = db.connect(db.application())) {
                assertThat(DatabaseTrustCheck.problems(c)).anySatisfy(p -> assertThat(p).contains("audit_entry"));
            }
            migrate(db, db.owner(), "classpath:db/migration", "classpath:db/later-migration-test");
            try (Connection c = db.connect(db.application())) {
                assertThat(DatabaseTrustCheck.problems(c)).isEmpty();
            }
        } finally {
            db.stop();
        }
    }

    @Test
    void rightsDriftedByHandAreRepairedAtTheNextMigrateAndUndriftedOnesAreNotRewritten(@TempDir Path data) throws Exception {
        EmbeddedDatabase.Running db = EmbeddedDatabase.start(data, freePort(), EmbeddedPostgresResource.binaries());
        try {
            migrate(db, db.owner());
            String app = EmbeddedDatabase.APPLICATION;
            String untouched = "select xmin::text from pg_class where oid = 'public.lexicon_version'::regclass";
            String before;
            try (Connection c = db.connect(db.owner()); Statement s = c.createStatement()) {
                before = text(s, untouched);
                // rights changed by hand, each kind of drift once
                s.execute("grant truncate, references on draft to " + app);
                s.execute("grant select on account to public");
                s.execute("revoke insert on audit_entry from " + app);
                s.execute("grant select on webhook to " + app + " with grant option");
                s.execute("revoke delete on webhook_delivery from " + app);
                s.execute("revoke usage on schema public from " + app);
                String sequence = text(s, "select relname from pg_class where relkind = 'S' and relnamespace = 'public'::regnamespace"
                        + " order by relname limit 1");
                s.execute("grant update on sequence " + sequence + " to " + app);
            }

            migrate(db, db.owner());

            try (Connection c = db.connect(db.superuser()); Statement s = c.createStatement()) {
                assertThat(text(s, "select string_agg(p, ',' order by p) from unnest(array['SELECT','INSERT','UPDATE','DELETE','TRUNCATE',"
                        + "'REFERENCES','TRIGGER']) p where has_table_privilege('" + app + "', 'public.draft', p)"))
                        .isEqualTo("DELETE,INSERT,SELECT,UPDATE");
                assertThat(count(s, "select count(*) from pg_class c, aclexplode(c.relacl) a where c.relnamespace = 'public'::regnamespace"
                        + " and (a.grantee = 0 or (a.grantee = '" + app + "'::regrole and a.is_grantable))"))
                        .as("nothing for PUBLIC, no grant option").isZero();
                assertThat(count(s, "select count(*) where has_table_privilege('" + app + "', 'public.audit_entry', 'INSERT')"
                        + " and not has_table_privilege('" + app + "', 'public.audit_entry', 'UPDATE')")).isOne();
                assertThat(count(s, "select count(*) where has_table_privilege('" + app + "', 'public.webhook_delivery', 'DELETE')")).isOne();
                assertThat(count(s, "select count(*) from pg_namespace n, aclexplode(n.nspacl) a where n.nspname = 'public'"
                        + " and a.grantee = '" + app + "'::regrole and a.privilege_type = 'USAGE'")).isOne();
                assertThat(count(s, "select count(*) from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'S'"
                        + " and (has_sequence_privilege('" + app + "', c.oid, 'UPDATE') or not has_sequence_privilege('" + app + "', c.oid, 'USAGE'))"))
                        .as("sequences: USAGE, never UPDATE").isZero();
                // a table nobody touched kept its catalogue row: compared, not revoked and granted again
                assertThat(text(s, untouched)).isEqualTo(before);
            }
        } finally {
            db.stop();
        }
    }

    private static String text(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void flywayAsTheApplicationRoleIsRefused(@TempDir Path data) throws Exception {
        EmbeddedDatabase.Running db = EmbeddedDatabase.start(data, freePort(), EmbeddedPostgresResource.binaries());
        try {
            // a fresh schema: the application role may not even create the history table
            assertThatThrownBy(() -> migrate(db, db.application())).isInstanceOf(FlywayException.class);
            migrate(db, db.owner());
            // a migrated schema with nothing to migrate: the callback refuses to run as the application role
            assertThatThrownBy(() -> migrate(db, db.application())).isInstanceOf(FlywayException.class)
                    .hasStackTraceContaining("Flyway runs as the application role");
        } finally {
            db.stop();
        }
    }

    private static void migrate(EmbeddedDatabase.Running db, EmbeddedDatabase.Login as) {
        migrate(db, as, "classpath:db/migration");
    }

    private static void migrate(EmbeddedDatabase.Running db, EmbeddedDatabase.Login as, String... locations) {
        Flyway.configure().dataSource(db.jdbcUrl(), as.username(), as.password())
                .locations(locations)
                .placeholders(Map.of("app_role", EmbeddedDatabase.APPLICATION)).load().migrate();
    }

    private static String roleAttributes(Statement s, String role) throws SQLException {
        try (ResultSet rs = s.executeQuery("select rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolinherit"
                + " from pg_roles where rolname = '" + role + "'")) {
            rs.next();
            return (rs.getBoolean(1) ? "login" : "nologin") + (rs.getBoolean(2) ? " super" : " nosuper")
                    + (rs.getBoolean(3) ? " createrole" : " nocreaterole") + (rs.getBoolean(4) ? " createdb" : " nocreatedb")
                    + (rs.getBoolean(5) ? " repl" : " norepl") + (rs.getBoolean(6) ? " bypassrls" : " nobypassrls")
                    + (rs.getBoolean(7) ? " inherit" : " noinherit");
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String show(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
