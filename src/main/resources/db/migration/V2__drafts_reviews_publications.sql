-- Drafts and their immutable revisions, the approval decisions, publications and withdrawals.
-- Everything but the draft row itself is insert-only: triggers refuse UPDATE and DELETE, so a
-- revision, a decision or a publication, once recorded, stays exactly as it was.

create function review_insert_only() returns trigger language plpgsql as $$
begin
    raise exception '% is insert-only', tg_table_name;
end;
$$;

-- 稿件: the mutable head of a draft (state, which revision is current, which step is pending).
create table draft (
    id               bigserial primary key,
    title            varchar(500)  not null,
    channel          varchar(30)   not null,
    department       varchar(100)  not null,
    submitter        varchar(100)  not null,
    doc_number       varchar(200),
    planned_url      varchar(2000),
    planned_at       timestamptz,
    state            varchar(20)   not null,
    current_revision int           not null,
    -- 1-based index into the current revision's chain while IN_REVIEW, else null
    current_step     int,
    -- since when the current step (or the draft, when not in review) has been waiting
    step_since       timestamptz   not null,
    created_at       timestamptz   not null,
    updated_at       timestamptz   not null
);
create index draft_state_idx on draft (state, step_since);
create index draft_department_idx on draft (department);

-- One edit of a draft. content_hash = SHA-256 of the canonical form (see ContentHash);
-- text_hash / titled_text_hash = SHA-256 of the normalised body text (see ContentNormalizer),
-- used by the publish gate to recognise approved content.
create table draft_revision (
    id               bigserial primary key,
    draft_id         bigint        not null references draft (id),
    number           int           not null,
    title            varchar(500)  not null,
    channel          varchar(30)   not null,
    doc_number       varchar(200),
    planned_url      varchar(2000),
    planned_at       timestamptz,
    body             text          not null,
    content_hash     char(64)      not null,
    text_hash        char(64)      not null,
    titled_text_hash char(64)      not null,
    verdict          varchar(10)   not null,
    inspection       text          not null,
    -- the approval chain fixed for this revision: comma-separated roles, in order
    chain            varchar(300)  not null,
    created_by       varchar(100)  not null,
    created_at       timestamptz   not null,
    unique (draft_id, number)
);
create index draft_revision_text_hash_idx on draft_revision (text_hash);
create index draft_revision_titled_text_hash_idx on draft_revision (titled_text_hash);
create trigger draft_revision_insert_only before update or delete on draft_revision
    for each row execute function review_insert_only();

-- Attachment bytes, stored once per distinct content.
create table attachment_blob (
    sha256 char(64) primary key,
    size   bigint   not null,
    bytes  bytea    not null
);
create trigger attachment_blob_insert_only before update or delete on attachment_blob
    for each row execute function review_insert_only();

create table revision_attachment (
    id          bigserial primary key,
    revision_id bigint        not null references draft_revision (id),
    position    int           not null,
    filename    varchar(500)  not null,
    media_type  varchar(200),
    size        bigint        not null,
    sha256      char(64)      not null references attachment_blob (sha256),
    unique (revision_id, position)
);
create trigger revision_attachment_insert_only before update or delete on revision_attachment
    for each row execute function review_insert_only();

-- One reviewer's decision on one step of one revision. At most one decision per step
-- (concurrent deciders: exactly one wins) and one step per person per revision (separation of duties).
create table review_decision (
    id            bigserial primary key,
    draft_id      bigint        not null references draft (id),
    revision_id   bigint        not null references draft_revision (id),
    step          int           not null,
    role          varchar(30)   not null,
    actor         varchar(100)  not null,
    decision      varchar(10)   not null check (decision in ('APPROVE', 'RETURN', 'REJECT')),
    opinion       text,
    justification text,
    content_hash  char(64)      not null,
    decided_at    timestamptz   not null,
    constraint review_decision_one_per_step unique (revision_id, step),
    constraint review_decision_one_step_per_person unique (revision_id, actor)
);
create trigger review_decision_insert_only before update or delete on review_decision
    for each row execute function review_insert_only();

-- 信息发布登记: one row per publication, a snapshot of what went online under which approval.
create table publication (
    id           bigserial primary key,
    draft_id     bigint        not null references draft (id),
    revision_id  bigint        not null references draft_revision (id),
    revision     int           not null,
    channel      varchar(30)   not null,
    url          varchar(2000),
    title        varchar(500)  not null,
    doc_number   varchar(200),
    department   varchar(100)  not null,
    submitter    varchar(100)  not null,
    content_hash char(64)      not null,
    verdict      varchar(10)   not null,
    published_at timestamptz   not null,
    published_by varchar(100)  not null,
    via          varchar(10)   not null check (via in ('GATE', 'EDITOR')),
    -- 一事一审: one approval publishes once per channel
    constraint publication_once_per_approval unique (revision_id, channel)
);
create index publication_published_at_idx on publication (published_at);
create trigger publication_insert_only before update or delete on publication
    for each row execute function review_insert_only();

-- 撤稿: at most one withdrawal per publication.
create table publication_withdrawal (
    id             bigserial primary key,
    publication_id bigint        not null unique references publication (id),
    reason         text          not null,
    actor          varchar(100)  not null,
    at             timestamptz   not null
);
create trigger publication_withdrawal_insert_only before update or delete on publication_withdrawal
    for each row execute function review_insert_only();
