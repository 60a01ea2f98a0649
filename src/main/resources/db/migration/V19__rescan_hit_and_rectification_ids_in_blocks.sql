-- Rescans record thousands of hits at once (one 整改 item and one rescan_hit row each). With ids
-- from an identity column Hibernate must insert each row on its own to learn its id; with ids taken
-- from the sequence 50 at a time (Hibernate's pooled optimizer, allocationSize 50 on the entities) the
-- inserts of a batch go to the database in JDBC batches. Ids stay unique and increasing per instance;
-- there are gaps between the blocks of different instances and restarts.
alter sequence rectification_id_seq increment by 50;
alter sequence rescan_hit_id_seq increment by 50;

-- A rescan adds thousands of rows to rectification and rescan_hit within a minute. PostgreSQL caches
-- the plan of each foreign-key check per connection; one made while the table was small is a
-- sequential scan and stays one until the table is analysed again (autovacuum looks once a minute):
-- the rescan turns quadratic (measured: 46 s instead of 9 s). The application role may not ANALYZE
-- tables it does not own; this function, owned by the owner role, analyses exactly these two and
-- nothing else. The rescan calls it as its hits grow.
create function review_analyze_rescan_tables() returns void
    language plpgsql security definer
    set search_path = pg_catalog, pg_temp
as $$
begin
    analyze ${flyway:defaultSchema}.rectification;
    analyze ${flyway:defaultSchema}.rescan_hit;
end
$$;
revoke all on function review_analyze_rescan_tables() from public;
grant execute on function review_analyze_rescan_tables() to ${app_role};
