-- Oversight by the 保密办 (issue 11 §2, §3): spot checks (不定期抽查) and department checks with their
-- sampled items and results, and the departments' answers to the 自查自评 checklist.
--
-- spot_check: one reproducible draw. The draw (frame, seed, algorithm, sample size, scope) is fixed
--   once inserted: a trigger refuses any change to it, and any change at all once the check is CLOSED.
--   Never deleted.
-- spot_check_item: one sampled publication of a check and the checker's result. The sampled
--   publication, its position and stratum are fixed; the result can be recorded while the check is
--   OPEN and never after. Never deleted.
-- self_inspection_answer: a department's answer to one 自查自评 checklist item of one year (mutable
--   until the office rolls the year up; every change is in the audit log).

create table spot_check (
    id               bigserial     primary key,
    -- OFFICE: 保密办不定期抽查; DEPARTMENT: 科室负责人对本科室的检查 (reported to the 保密办)
    kind             varchar(12)   not null check (kind in ('OFFICE', 'DEPARTMENT')),
    -- scope: the department sampled (null: every department)
    department       varchar(100),
    period_from      date          not null,
    period_to        date          not null,
    -- the register rows published up to this instant (inclusive) belong to the frame
    frame_until      timestamptz   not null,
    -- strata, comma-separated from department, channel ('' = none)
    strata           varchar(100)  not null,
    confidence       double precision not null,
    max_problem_rate double precision not null,
    requested_size   int,
    sample_size      int           not null,
    frame_size       int           not null,
    -- SHA-256 of the frame lines "<publicationId>:<contentHash>\n", ascending by id
    frame_hash       char(64)      not null,
    -- the publication ids of the frame, ascending, comma-separated
    frame_ids        text          not null,
    seed             varchar(200)  not null,
    algorithm        varchar(40)   not null,
    -- the audit entry that committed seed and frame hash
    audit_seq        bigint        not null,
    title            varchar(200)  not null,
    basis            text          not null,
    status           varchar(10)   not null check (status in ('OPEN', 'CLOSED')),
    created_by       varchar(100)  not null,
    created_at       timestamptz   not null,
    closed_by        varchar(100),
    closed_at        timestamptz,
    summary          text
);
create index spot_check_department_idx on spot_check (department, created_at);

create table spot_check_item (
    spot_check_id    bigint        not null references spot_check (id),
    publication_id   bigint        not null references publication (id),
    -- 1-based position in draw order
    position         int           not null,
    stratum          varchar(300)  not null,
    result           varchar(10)   check (result in ('OK', 'PROBLEM')),
    problem          varchar(40),
    note             text,
    deadline         date,
    recorded_by      varchar(100),
    recorded_at      timestamptz,
    primary key (spot_check_id, publication_id),
    unique (spot_check_id, position),
    constraint spot_check_item_problem check ((result = 'PROBLEM') = (problem is not null))
);

create function spot_check_guard() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'spot checks are never deleted';
    end if;
    if old.status = 'CLOSED' then
        raise exception 'spot check % is closed', old.id;
    end if;
    if new.kind is distinct from old.kind or new.department is distinct from old.department
        or new.period_from is distinct from old.period_from or new.period_to is distinct from old.period_to
        or new.frame_until is distinct from old.frame_until or new.strata is distinct from old.strata
        or new.confidence is distinct from old.confidence or new.max_problem_rate is distinct from old.max_problem_rate
        or new.requested_size is distinct from old.requested_size or new.sample_size is distinct from old.sample_size
        or new.frame_size is distinct from old.frame_size or new.frame_hash is distinct from old.frame_hash
        or new.frame_ids is distinct from old.frame_ids or new.seed is distinct from old.seed
        or new.algorithm is distinct from old.algorithm or new.audit_seq is distinct from old.audit_seq
        or new.created_by is distinct from old.created_by or new.created_at is distinct from old.created_at
        or new.id is distinct from old.id then
        raise exception 'the draw of spot check % is fixed', old.id;
    end if;
    return new;
end;
$$;
create trigger spot_check_guard before update or delete on spot_check
    for each row execute function spot_check_guard();

create function spot_check_item_guard() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'spot check items are never deleted';
    end if;
    if new.spot_check_id is distinct from old.spot_check_id or new.publication_id is distinct from old.publication_id
        or new.position is distinct from old.position or new.stratum is distinct from old.stratum then
        raise exception 'the sample of spot check % is fixed', old.spot_check_id;
    end if;
    if exists (select 1 from spot_check c where c.id = old.spot_check_id and c.status = 'CLOSED') then
        raise exception 'spot check % is closed', old.spot_check_id;
    end if;
    return new;
end;
$$;
create trigger spot_check_item_guard before update or delete on spot_check_item
    for each row execute function spot_check_item_guard();

create function spot_check_item_insert_guard() returns trigger language plpgsql as $$
begin
    if exists (select 1 from spot_check c where c.id = new.spot_check_id and c.status = 'CLOSED') then
        raise exception 'spot check % is closed', new.spot_check_id;
    end if;
    return new;
end;
$$;
create trigger spot_check_item_insert_guard before insert on spot_check_item
    for each row execute function spot_check_item_insert_guard();

create table self_inspection_answer (
    year         int           not null,
    department   varchar(100)  not null,
    item         varchar(40)   not null,
    -- YES, NO, PARTLY (是／否／部分)
    answer       varchar(10)   not null check (answer in ('YES', 'NO', 'PARTLY')),
    evidence     text,
    answered_by  varchar(100)  not null,
    answered_at  timestamptz   not null,
    primary key (year, department, item)
);
