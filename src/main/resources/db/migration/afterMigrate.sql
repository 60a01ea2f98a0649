-- Flyway callback, run as the schema owner after every migrate (also when there was nothing to
-- migrate), so a table added by any later migration gets the application role's rights without
-- anyone writing a GRANT. The application role is the datasource user (placeholder app_role, from
-- quarkus.datasource.username). Its rights come from the catalogue:
--   * a table with an insert-only trigger (function review_insert_only or audit_entry_append_only):
--     SELECT, INSERT — a row once written stays as written, whatever the application does;
--   * the Flyway history table: SELECT;
--   * every other table: SELECT, INSERT, UPDATE, DELETE;
--   * every sequence: USAGE, SELECT; the schema: USAGE.
-- Never TRUNCATE, REFERENCES or TRIGGER, and never ownership (only an owner may ALTER TABLE ...
-- DISABLE TRIGGER). Whatever else the role or PUBLIC held on these objects is revoked first.
-- An insert-only trigger found disabled is enabled again. The migration fails (and the service does
-- not start) when the roles are not separated.
-- The rights found in the catalogue (pg_class.relacl) are compared first; only an object whose rights
-- differ is revoked and granted again (a start with nothing drifted writes no catalogue row).
-- EmbeddedDatabaseTest drifts rights by hand and checks the repair.
do $grants$
declare
    app     constant text := '${app_role}';
    history constant text := '${flyway:table}';
    sch     constant text := '${flyway:defaultSchema}';
    t       record;
    trg     record;
    app_oid oid;
    want    text[];
    have    text[];
    extra   boolean;
begin
    if app = current_user then
        raise exception 'Flyway runs as the application role %; give it the owner role''s credentials (REVIEW_DB_OWNER_USERNAME, REVIEW_DB_OWNER_PASSWORD)', app;
    end if;
    if not exists (select 1 from pg_roles where rolname = app) then
        raise exception 'the application role % does not exist', app;
    end if;
    if exists (select 1 from pg_roles where rolname = app
                  and (rolsuper or rolcreaterole or rolcreatedb or rolreplication or rolbypassrls)) then
        raise exception 'the application role % must be NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS', app;
    end if;
    if exists (select 1 from pg_namespace n where n.nspname = sch and pg_has_role(app, n.nspowner, 'MEMBER')) then
        raise exception 'the application role % owns schema % or is a member of its owner', app, sch;
    end if;

    select oid into app_oid from pg_roles where rolname = app;
    if not exists (select 1 from pg_namespace n, aclexplode(n.nspacl) a
                    where n.nspname = sch and a.grantee = app_oid and a.privilege_type = 'USAGE') then
        execute format('grant usage on schema %I to %I', sch, app);
    end if;

    for t in
        select c.oid, c.relname, c.relkind, c.relowner
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = sch and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
         order by c.relname
    loop
        if pg_has_role(app, t.relowner, 'MEMBER') then
            raise exception 'the application role % owns %.% or is a member of its owner', app, sch, t.relname;
        end if;
        if not pg_has_role(current_user, t.relowner, 'MEMBER') then
            raise exception '%.% belongs to role %, not to the migrating role %', sch, t.relname, t.relowner::regrole, current_user;
        end if;

        -- the rights the application role must hold, sorted as aclexplode's privilege names sort
        if t.relkind = 'S' then
            want := '{SELECT,USAGE}';
        elsif t.relname = history then
            want := '{SELECT}';
        elsif exists (select 1 from pg_trigger tg join pg_proc p on p.oid = tg.tgfoid
                       where tg.tgrelid = t.oid and not tg.tgisinternal
                         and p.proname in ('review_insert_only', 'audit_entry_append_only')) then
            for trg in
                select tg.tgname from pg_trigger tg join pg_proc p on p.oid = tg.tgfoid
                 where tg.tgrelid = t.oid and not tg.tgisinternal and tg.tgenabled not in ('O', 'A')
                   and p.proname in ('review_insert_only', 'audit_entry_append_only')
            loop
                raise warning 'insert-only trigger % on %.% was disabled; enabling it again', trg.tgname, sch, t.relname;
                execute format('alter table %I.%I enable trigger %I', sch, t.relname, trg.tgname);
            end loop;
            want := '{INSERT,SELECT}';
        else
            want := '{DELETE,INSERT,SELECT,UPDATE}';
        end if;

        -- the rights it holds, and whether PUBLIC holds any or it may grant its own on
        select coalesce(array_agg(a.privilege_type::text order by a.privilege_type::text)
                            filter (where a.grantee = app_oid and not a.is_grantable), '{}'),
               coalesce(bool_or(a.grantee = 0 or (a.grantee = app_oid and a.is_grantable)), false)
          into have, extra
          from pg_class c, aclexplode(c.relacl) a
         where c.oid = t.oid;
        if have = want and not extra then
            continue;
        end if;

        if t.relkind = 'S' then
            execute format('revoke all on sequence %I.%I from public, %I', sch, t.relname, app);
            execute format('grant %s on sequence %I.%I to %I', array_to_string(want, ', '), sch, t.relname, app);
        else
            execute format('revoke all on table %I.%I from public, %I', sch, t.relname, app);
            execute format('grant %s on table %I.%I to %I', array_to_string(want, ', '), sch, t.relname, app);
        end if;
    end loop;
end
$grants$;
