-- 巡检 (issue 11 §1): what is online compared with what was approved.
--
-- patrol: one run over every register row with a URL on an allowed host and every page of the
--   configured and requested sitemaps; progress and a heartbeat are updated while it runs. At most
--   one patrol runs at a time in the whole installation (partial unique index), so concurrent
--   starts on several instances get a conflict instead of a second run.
-- patrol_page: one page the run looked at (or skipped), with its outcome: what the spot-check item
--   view reads as "the latest 巡检 result" of a publication. Insert-only.
-- patrol_problem: one problem found, with findings (rule, severity, place; no matched text) and the
--   short paragraph-level diff of CHANGED_AFTER_APPROVAL (published text, already public), and the
--   整改 item it opened or joined. Insert-only.

create table patrol (
    id            bigserial     primary key,
    status        varchar(10)   not null check (status in ('RUNNING', 'DONE', 'FAILED')),
    -- MANUAL (POST /api/v1/patrols) or SCHEDULED (review.patrol.cron)
    trigger_type  varchar(10)   not null check (trigger_type in ('MANUAL', 'SCHEDULED')),
    -- JSON array of the sitemap URLs read (request and configuration)
    sitemaps      text          not null default '[]',
    done          int           not null default 0,
    total         int           not null default 0,
    pages         int           not null default 0,
    skipped       int           not null default 0,
    started_by    varchar(100)  not null,
    started_at    timestamptz   not null,
    heartbeat_at  timestamptz   not null,
    finished_at   timestamptz,
    -- why a run FAILED: an error class or "stale" (no heartbeat), never a message with content
    failure       varchar(200)
);
create unique index patrol_one_running on patrol ((status)) where status = 'RUNNING';

create table patrol_page (
    id              bigserial     primary key,
    patrol_id       bigint        not null references patrol (id),
    url             varchar(2000) not null,
    publication_id  bigint        references publication (id),
    -- OK, PROBLEM, GONE (not online: withdrawn and gone, or a dead sitemap entry), SKIPPED (host not allowed)
    outcome         varchar(10)   not null check (outcome in ('OK', 'PROBLEM', 'GONE', 'SKIPPED')),
    http_status     int,
    detail          varchar(500),
    checked_at      timestamptz   not null
);
create index patrol_page_by_publication on patrol_page (publication_id, patrol_id desc);
create index patrol_page_by_patrol on patrol_page (patrol_id, id);
create trigger patrol_page_insert_only before update or delete on patrol_page
    for each row execute function review_insert_only();

create table patrol_problem (
    id                bigserial     primary key,
    patrol_id         bigint        not null references patrol (id),
    type              varchar(30)   not null check (type in ('CHANGED_AFTER_APPROVAL', 'NEW_FINDING', 'UNREGISTERED',
                                                              'WITHDRAWN_STILL_ONLINE', 'UNREACHABLE')),
    url               varchar(2000) not null,
    publication_id    bigint        references publication (id),
    detail            varchar(500),
    -- JSON array of {category, severity, rule, message, part}
    findings          text          not null default '[]',
    -- JSON array of {op: "-" | "+", text}: approved paragraphs missing from the page, page paragraphs not approved
    diff              text          not null default '[]',
    rectification_id  bigint        references rectification (id),
    found_at          timestamptz   not null
);
create index patrol_problem_by_patrol on patrol_problem (patrol_id, id);
create index patrol_problem_by_publication on patrol_problem (publication_id, patrol_id desc);
create trigger patrol_problem_insert_only before update or delete on patrol_problem
    for each row execute function review_insert_only();
