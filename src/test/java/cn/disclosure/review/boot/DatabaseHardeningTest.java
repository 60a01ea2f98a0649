package cn.disclosure.review.boot;

import cn.disclosure.review.support.EmbeddedPostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static cn.disclosure.review.intake.DraftFixtures.CLEAN;
import static cn.disclosure.review.intake.DraftFixtures.submitClean;
import static cn.disclosure.review.intake.DraftFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database the service runs on, attacked from the inside: with the service's own role (what an
 * attacker who took over the service, or found its password, holds) and without any password.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class DatabaseHardeningTest {
    /** Insert-only tables of migrations V1–V2 (more may come; all are found in the catalogue). */
    private static final Set<String> KNOWN_INSERT_ONLY = Set.of("audit_entry", "draft_revision", "attachment_blob",
            "revision_attachment", "review_decision", "publication", "publication_withdrawal");

    private static int port() {
        return EmbeddedPostgresResource.running().port();
    }

    @Test
    void noLoginWithoutThePasswordForAnyRoleOverTcp() throws Exception {
        EmbeddedDatabase.Running db = EmbeddedPostgresResource.running();
        for (String user : List.of(EmbeddedDatabase.SUPERUSER, EmbeddedDatabase.OWNER, EmbeddedDatabase.APPLICATION, "nobody")) {
            // the server itself asks for SCRAM before anything else; with trust it would say AuthenticationOk
            PgStartup.Answer a = PgStartup.startup(port(), user);
            assertThat(a.code()).as(user).isEqualTo(PgStartup.AUTH_SASL);
            assertThat(a.text()).as(user).contains("SCRAM-SHA-256");
            assertThatThrownBy(() -> PgStartup.login(port(), user, null).close()).as(user).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> PgStartup.login(port(), user, "postgres").close()).as(user)
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        }
        // physical replication connections have no access rule at all
        PgStartup.Answer replication = PgStartup.startup(port(), EmbeddedDatabase.SUPERUSER, EmbeddedDatabase.DATABASE,
                Map.of("replication", "true"));
        assertThat(replication.code()).isEqualTo(PgStartup.ERROR);
        // and with the password from the data directory each role gets in
        for (EmbeddedDatabase.Login login : List.of(db.superuser(), db.owner(), db.application())) {
            try (Connection c = PgStartup.login(port(), login.username(), login.password())) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void theServerListensOnLoopbackTcpOnlyAndEveryAccessRuleAsksForAScramPassword() throws Exception {
        try (Connection c = EmbeddedPostgresResource.superuser(); Statement s = c.createStatement()) {
            assertThat(show(s, "listen_addresses")).isEqualTo("127.0.0.1");
            // no Unix socket at all, so there is no socket access rule to get wrong
            assertThat(show(s, "unix_socket_directories")).isEmpty();
            List<String> rules = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select type, array_to_string(database, ','), address, auth_method, error from pg_hba_file_rules order by rule_number")) {
                while (rs.next()) {
                    assertThat(rs.getString(5)).as("pg_hba.conf error").isNull();
                    rules.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4));
                }
            }
            assertThat(rules).containsExactly("local all null scram-sha-256", "host all 127.0.0.1 scram-sha-256");
            // every stored password is a SCRAM verifier (no MD5, no plain text)
            try (ResultSet rs = s.executeQuery("select count(*) from pg_authid where rolcanlogin and (rolpassword is null or rolpassword not like 'SCRAM-SHA-256$%')")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void writesAreDurableForTheServicesSessions() throws Exception {
        try (Connection c = EmbeddedPostgresResource.application(); Statement s = c.createStatement()) {
            assertThat(show(s, "fsync")).isEqualTo("on");
            assertThat(show(s, "synchronous_commit")).isEqualTo("on");
            assertThat(show(s, "full_page_writes")).isEqualTo("on");
            assertThat(show(s, "password_encryption")).isEqualTo("scram-sha-256");
            assertThat(DatabaseTrustCheck.problems(c)).isEmpty();
        }
    }

    @Test
    void theApplicationRoleCannotChangeHistory() throws Exception {
        Map<String, String> update = new LinkedHashMap<>();
        update.put("audit_entry", "update audit_entry set actor = 'mallory'");
        update.put("review_decision", "update review_decision set decision = 'APPROVE'");
        update.put("draft_revision", "update draft_revision set body = 'x'");
        update.put("publication", "update publication set url = 'x'");
        update.put("publication_withdrawal", "update publication_withdrawal set reason = 'x'");
        // there is something to change
        submitClean(unique(CLEAN));
        try (Connection c = EmbeddedPostgresResource.application(); Statement s = c.createStatement()) {
            for (Map.Entry<String, String> e : update.entrySet()) {
                String t = e.getKey();
                refused(s, "alter table " + t + " disable trigger all");
                refused(s, "alter table " + t + " disable trigger user");
                String guard = t.equals("audit_entry") ? "audit_entry_no_update" : t + "_insert_only";
                refused(s, "alter table " + t + " disable trigger " + guard);
                refused(s, "alter table " + t + " enable replica trigger " + guard);
                refused(s, e.getValue());
                refused(s, "delete from " + t);
                refused(s, "truncate " + t);
                refused(s, "truncate " + t + " cascade");
                refused(s, "drop table " + t);
                refused(s, "alter table " + t + " owner to " + EmbeddedDatabase.APPLICATION);
                refused(s, "select * from " + t + " limit 1 for update");
                refused(s, "create trigger t_mallory before insert on " + t + " for each row execute function review_insert_only()");
                refused(s, "create rule r_mallory as on update to " + t + " do instead nothing");
                refusedInTransaction(c, "lock table " + t + " in access exclusive mode");
            }
            // the usual ways around triggers and privileges
            refused(s, "set session_replication_role = replica");
            refused(s, "alter system set fsync = off");
            refused(s, "alter role " + EmbeddedDatabase.APPLICATION + " superuser");
            refused(s, "grant " + EmbeddedDatabase.OWNER + " to " + EmbeddedDatabase.APPLICATION);
            refused(s, "set role " + EmbeddedDatabase.OWNER);
            refused(s, "create table mallory (x int)");
            refused(s, "create function mallory() returns int language sql as 'select 1'");
            refused(s, "create schema mallory");
            refused(s, "create temporary table mallory (x int)");
            refused(s, "copy audit_entry to program 'true'");
            refused(s, "select setval('draft_id_seq', 1)");
            refused(s, "delete from flyway_schema_history");
        }
    }

    /**
     * The one function that runs with the owner's rights (V19, for rescans): the application role may
     * call it, nobody else may; it runs with a fixed search_path, so a table or function the caller
     * shadows cannot be slipped in; and it analyses its two tables, nothing the caller names.
     */
    @Test
    void theOwnersAnalyseFunctionIsNarrow() throws Exception {
        try (Connection c = EmbeddedPostgresResource.superuser(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     select p.prosecdef, p.proconfig::text, pg_get_userbyid(p.proowner),
                            has_function_privilege('public', p.oid, 'EXECUTE') as to_public,
                            coalesce(array_to_string(p.proacl, ','), '') as acl, pronargs
                       from pg_proc p where p.proname = 'review_analyze_rescan_tables'""")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).as("security definer").isTrue();
            assertThat(rs.getString(2)).contains("search_path=pg_catalog, pg_temp");
            assertThat(rs.getString(3)).isEqualTo(EmbeddedDatabase.OWNER);
            assertThat(rs.getString(5)).contains(EmbeddedDatabase.APPLICATION + "=X/").doesNotContain(",=X/").doesNotStartWith("=X/");
            assertThat(rs.getInt(6)).as("no arguments: the caller names nothing").isZero();
            assertThat(rs.next()).as("one such function").isFalse();
        }
        try (Connection c = EmbeddedPostgresResource.application(); Statement s = c.createStatement()) {
            s.execute("select review_analyze_rescan_tables()");
        }
        // the statistics views are fed asynchronously (a backend reports at most once a second)
        int analysed = 0;
        for (int i = 0; i < 100 && analysed < 2; i++) {
            try (Connection c = EmbeddedPostgresResource.superuser(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from pg_stat_user_tables where relname in ('rectification', 'rescan_hit')"
                         + " and last_analyze is not null")) {
                rs.next();
                analysed = rs.getInt(1);
            }
            if (analysed < 2) {
                Thread.sleep(100);
            }
        }
        assertThat(analysed).as("both tables analysed by the call").isEqualTo(2);
    }

    @Test
    void ordinaryWorkStillSucceedsAsTheApplicationRole() throws Exception {
        long id = submitClean(unique(CLEAN)).getLong("id");
        try (Connection c = EmbeddedPostgresResource.application()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("insert into audit_entry (seq, at, actor, action, details, prev_hash, hash)"
                        + " values (-1, now(), 'test', 'TEST', '{}', repeat('0', 64), repeat('0', 64))")).isEqualTo(1);
                assertThat(s.executeUpdate("update draft set updated_at = now() where id = " + id)).isEqualTo(1);
                assertThat(s.executeUpdate("update webhook_delivery set attempts = attempts where false")).isZero();
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void rightsComeFromTheCatalogueTableByTable() throws Exception {
        Map<String, Set<String>> rights = new TreeMap<>();
        Set<String> insertOnly = new TreeSet<>();
        Set<String> owners = new TreeSet<>();
        try (Connection c = EmbeddedPostgresResource.superuser(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("""
                    select c.relname, pg_get_userbyid(c.relowner),
                           exists (select 1 from pg_trigger t join pg_proc p on p.oid = t.tgfoid
                                    where t.tgrelid = c.oid and not t.tgisinternal and t.tgenabled = 'O'
                                      and p.proname in ('review_insert_only', 'audit_entry_append_only'))
                      from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')""")) {
                while (rs.next()) {
                    rights.put(rs.getString(1), new TreeSet<>());
                    owners.add(rs.getString(2));
                    if (rs.getBoolean(3)) {
                        insertOnly.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement q = c.prepareStatement("select has_table_privilege(?, ?, ?)")) {
                for (Map.Entry<String, Set<String>> e : rights.entrySet()) {
                    for (String p : List.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")) {
                        q.setString(1, EmbeddedDatabase.APPLICATION);
                        q.setString(2, "public." + e.getKey());
                        q.setString(3, p);
                        try (ResultSet rs = q.executeQuery()) {
                            rs.next();
                            if (rs.getBoolean(1)) {
                                e.getValue().add(p);
                            }
                        }
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    select count(*) from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'S'
                       and (not has_sequence_privilege('review_app', c.oid, 'USAGE') or has_sequence_privilege('review_app', c.oid, 'UPDATE'))""")) {
                rs.next();
                assertThat(rs.getInt(1)).as("sequences: USAGE, never UPDATE (setval)").isZero();
            }
        }
        assertThat(owners).containsExactly(EmbeddedDatabase.OWNER);
        assertThat(insertOnly).containsAll(KNOWN_INSERT_ONLY);
        for (Map.Entry<String, Set<String>> e : rights.entrySet()) {
            Set<String> expected = e.getKey().equals("flyway_schema_history") ? Set.of("SELECT")
                    : insertOnly.contains(e.getKey()) ? Set.of("SELECT", "INSERT")
                    : Set.of("SELECT", "INSERT", "UPDATE", "DELETE");
            assertThat(e.getValue()).as(e.getKey()).isEqualTo(new TreeSet<>(expected));
        }
        assertThat(rights).containsKeys("draft", "account", "webhook", "webhook_delivery", "lexicon_version");
    }

    private static void refused(Statement s, String sql) {
        assertThatThrownBy(() -> s.execute(sql)).as(sql)
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).as(sql + ": " + e.getMessage()).isEqualTo("42501"));
    }

    private static void refusedInTransaction(Connection c, String sql) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            refused(s, sql);
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    private static String show(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
