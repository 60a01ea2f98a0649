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
do $grants$
declare
    app     constant text := '${app_role}';
    history constant text := '${flyway:table}';
    sch     constant text := '${flyway:defaultSchema}';
    t       record;
    trg     record;
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

    execute format('grant usage on schema %I to %I', sch, app);

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

        if t.relkind = 'S' then
            execute format('revoke all on sequence %I.%I from public, %I', sch, t.relname, app);
            execute format('grant usage, select on sequence %I.%I to %I', sch, t.relname, app);
            continue;
        end if;

        execute format('revoke all on table %I.%I from public, %I', sch, t.relname, app);
        if t.relname = history then
            execute format('grant select on table %I.%I to %I', sch, t.relname, app);
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
            execute format('grant select, insert on table %I.%I to %I', sch, t.relname, app);
        else
            execute format('grant select, insert, update, delete on table %I.%I to %I', sch, t.relname, app);
        end if;
    end loop;
end
$grants$;
