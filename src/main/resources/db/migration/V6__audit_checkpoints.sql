-- Signed checkpoints of the audit chain (audit/AuditCheckpoints): "entry seq had this hash",
-- signed with Ed25519 by a key that lives outside the database. Copies also go to a file outside
-- the database, so a superuser who deletes the audit tail cannot remove every checkpoint.
create table audit_checkpoint (
    id          bigserial primary key,
    seq         bigint       not null,
    entry_hash  char(64)     not null,
    entry_at    timestamptz  not null,
    created_at  timestamptz  not null,
    key_id      varchar(100) not null,
    signature   varchar(200) not null
);
create index audit_checkpoint_seq_idx on audit_checkpoint (seq);

-- Insert-only, like the other records of what happened (function from V2).
create trigger audit_checkpoint_insert_only before update or delete on audit_checkpoint
    for each row execute function review_insert_only();
create trigger audit_checkpoint_no_truncate before truncate on audit_checkpoint
    for each statement execute function review_insert_only();

-- Row triggers do not see TRUNCATE: without this one the whole audit log could be emptied by
-- anyone allowed to truncate it, without first disabling a trigger.
create trigger audit_entry_no_truncate before truncate on audit_entry
    for each statement execute function audit_entry_append_only();
