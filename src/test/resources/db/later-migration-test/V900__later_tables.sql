-- A migration as later releases add them (EmbeddedDatabaseTest): an insert-only table and an
-- ordinary one, and no GRANT — the afterMigrate callback gives the application role its rights.
create table later_log (
    id   bigserial primary key,
    note text not null
);
create trigger later_log_insert_only before update or delete on later_log
    for each row execute function review_insert_only();

create table later_state (
    id   bigserial primary key,
    note text not null
);
