-- Web UI sessions held on the server, so that signing out, disabling an account or changing its
-- password ends a session on every instance, and sign-in throttling shared by every instance.

-- One row per form sign-in. The browser holds the random session id (cookie review-sid) next to
-- Quarkus' encrypted session cookie; only its SHA-256 is stored. A request authenticated by the
-- session cookie is accepted only while its row is neither revoked, nor idle too long, nor too old.
create table login_session (
    id_hash        char(64) primary key,
    account_id     bigint not null references account (id) on delete cascade,
    username       varchar(100) not null,
    created_at     timestamptz not null,
    last_seen_at   timestamptz not null,
    expires_at     timestamptz not null,
    revoked_at     timestamptz,
    revoked_reason varchar(40),
    source_address varchar(64)
);
create index login_session_account on login_session (account_id) where revoked_at is null;
create index login_session_expires on login_session (expires_at);

-- Failed sign-ins per key: 'account:' || sha256(user name) and 'address:' || source address.
-- failures counts within the window starting at window_start; strikes counts blocks in a row
-- (each doubles the block); blocked_until is when sign-ins for the key are tried again.
create table login_throttle (
    key             varchar(100) primary key,
    failures        integer not null,
    window_start    timestamptz not null,
    strikes         integer not null,
    blocked_until   timestamptz,
    last_failure_at timestamptz not null
);

-- A changed password, a disabled account or a renamed account ends its sessions, whichever way
-- the row was changed (the service or an operator's SQL).
create function account_ends_sessions() returns trigger language plpgsql as $$
begin
    if new.password_hash is distinct from old.password_hash
            or new.username is distinct from old.username
            or (old.enabled and not new.enabled) then
        update login_session
           set revoked_at = now(),
               revoked_reason = case when not new.enabled then 'account-disabled'
                                     when new.password_hash is distinct from old.password_hash then 'password-changed'
                                     else 'account-renamed' end
         where account_id = new.id and revoked_at is null;
    end if;
    return new;
end;
$$;

create trigger account_ends_sessions after update on account
    for each row execute function account_ends_sessions();
