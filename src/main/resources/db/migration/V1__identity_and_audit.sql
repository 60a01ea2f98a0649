-- Accounts (passwords as bcrypt hashes) and the append-only, hash-chained audit log.
create table account (
    id            bigserial primary key,
    username      varchar(100) not null unique,
    password_hash varchar(100) not null,
    roles         varchar(200) not null,
    department    varchar(100),
    display_name  varchar(100),
    demo          boolean not null default false,
    enabled       boolean not null default true
);

create table audit_entry (
    seq          bigint primary key,
    at           timestamptz not null,
    actor        varchar(100),
    action       varchar(60) not null,
    subject_type varchar(60),
    subject_id   varchar(100),
    details      text not null,
    prev_hash    char(64) not null,
    hash         char(64) not null
);

-- The application only ever appends. Changing history needs a superuser who disables this
-- trigger first, and the hash chain then shows where it was changed.
create function audit_entry_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_entry is append-only';
end;
$$;

create trigger audit_entry_no_update before update or delete on audit_entry
    for each row execute function audit_entry_append_only();
