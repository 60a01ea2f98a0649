-- 整改 items and retroactive rescans (issue 10 §2).
--
-- rectification: one problem found in something already published (a rescan hit, a patrol, a spot
--   check), owned by the publication's department and the 保密办, open until the publication is
--   withdrawn (撤稿) or the 保密办 records a justified decision to keep it. The summary names rules
--   and counts only, never the published text that matched.
-- rescan: one run over everything published and not withdrawn, started by a change of what the
--   inspection looks for (a lexicon version, later a combination rule or a protected document);
--   progress is updated while it runs.
-- rescan_hit: a publication the run confirmed, with the findings (rule, severity, place; no text).

create table rectification (
    id              bigserial     primary key,
    -- RESCAN, PATROL, SPOT_CHECK
    source_type     varchar(20)   not null check (source_type in ('RESCAN', 'PATROL', 'SPOT_CHECK')),
    source_id       bigint,
    publication_id  bigint        not null references publication (id),
    department      varchar(200)  not null,
    summary         varchar(1000) not null,
    deadline        date,
    status          varchar(10)   not null check (status in ('OPEN', 'CLOSED')),
    opened_by       varchar(100)  not null,
    opened_at       timestamptz   not null,
    -- WITHDRAWN (the publication was taken down) or KEPT (kept online, with a justification)
    closing         varchar(10)   check (closing in ('WITHDRAWN', 'KEPT')),
    justification   varchar(2000),
    closed_by       varchar(100),
    closed_at       timestamptz,
    check ((status = 'OPEN' and closing is null and closed_at is null)
        or (status = 'CLOSED' and closing is not null and closed_by is not null and closed_at is not null)),
    check (closing is distinct from 'KEPT' or (justification is not null and length(trim(justification)) > 0))
);
create unique index rectification_one_per_source on rectification (source_type, source_id, publication_id)
    where source_id is not null;
create index rectification_open_by_publication on rectification (publication_id) where status = 'OPEN';
create index rectification_by_department on rectification (department, status, id);

create table rescan (
    id               bigserial     primary key,
    -- what changed: LEXICON (later COMBINATION_RULE, PROTECTED_DOCUMENT), its name and version
    trigger_type     varchar(30)   not null,
    trigger_name     varchar(200)  not null,
    trigger_version  int           not null,
    -- RUNNING, DONE, FAILED
    status           varchar(10)   not null check (status in ('RUNNING', 'DONE', 'FAILED')),
    phrases          int           not null default 0,
    done             int           not null default 0,
    total            int           not null default 0,
    started_by       varchar(100)  not null,
    started_at       timestamptz   not null,
    finished_at      timestamptz
);

create table rescan_hit (
    id               bigserial     primary key,
    rescan_id        bigint        not null references rescan (id),
    publication_id   bigint        not null references publication (id),
    rectification_id bigint        references rectification (id),
    -- JSON array of {category, severity, rule, message, part, start, end}: no matched text
    findings         text          not null,
    found_at         timestamptz   not null,
    unique (rescan_id, publication_id)
);
