-- The automatic inspection of a revision is done once, in the background, and stored with it
-- (issue: extraction done once, in the background, and stored).
--
-- revision_inspection: the result (verdict, the approval chain it fixes, findings JSON), written
--   once when the inspection completes; insert-only like the revision itself.
-- revision_part: every extracted part (name, origin, text) the findings' offsets refer to; the
--   review page, diffs, the gate and rescans read these instead of extracting again. Insert-only.
-- inspection_job: the mutable progress of the work (status, stage, units done of total, lease of the
--   worker that holds it), claimed with FOR UPDATE SKIP LOCKED so several instances share the work.

create table revision_inspection (
    revision_id  bigint       primary key references draft_revision (id),
    verdict      varchar(10)  not null,
    -- the approval chain fixed for the revision when its verdict became known: roles, in order
    chain        varchar(300) not null,
    result       text         not null,
    finished_at  timestamptz  not null
);
create trigger revision_inspection_insert_only before update or delete on revision_inspection
    for each row execute function review_insert_only();

insert into revision_inspection (revision_id, verdict, chain, result, finished_at)
    select id, verdict, chain, inspection, created_at from draft_revision;

alter table draft_revision drop column verdict;
alter table draft_revision drop column inspection;
alter table draft_revision drop column chain;

create table revision_part (
    revision_id  bigint        not null references draft_revision (id),
    position     int           not null,
    name         varchar(1000) not null,
    origin       varchar(10)   not null,
    text         text          not null,
    primary key (revision_id, position)
);
alter table revision_part alter column text set storage external;
create trigger revision_part_insert_only before update or delete on revision_part
    for each row execute function review_insert_only();

create table inspection_job (
    revision_id  bigint        primary key references draft_revision (id),
    -- PENDING, RUNNING, DONE, SUPERSEDED (a newer revision came before it started)
    status       varchar(12)   not null check (status in ('PENDING', 'RUNNING', 'DONE', 'SUPERSEDED')),
    -- false for revisions inspected before parts were stored: their parts are extracted afterwards
    parts_stored boolean       not null,
    stage        varchar(300),
    done_units   int           not null default 0,
    total_units  int           not null default 0,
    attempts     int           not null default 0,
    worker       varchar(100),
    lease_until  timestamptz,
    created_at   timestamptz   not null,
    started_at   timestamptz,
    finished_at  timestamptz
);
create index inspection_job_open on inspection_job (created_at) where status in ('PENDING', 'RUNNING') or not parts_stored;

insert into inspection_job (revision_id, status, parts_stored, created_at, finished_at)
    select id, 'DONE', false, created_at, created_at from draft_revision;
