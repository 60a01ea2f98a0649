-- mail_gate_event: the event ids of the mail gate's own refusals and deferrals already written to the
--   audit log (POST /api/v1/mail-gate/events); a second delivery of an id (the gate's spool retrying
--   after a lost answer) is ignored. No content, no addresses: the audit line holds the details.
create table mail_gate_event (
    event_id     varchar(64)   primary key,
    actor        varchar(100)  not null,
    received_at  timestamptz   not null
);
create trigger mail_gate_event_insert_only before update or delete on mail_gate_event
    for each row execute function review_insert_only();

-- self_inspection_evidence: a file a department gives as evidence (佐证材料) for one of its 自查自评
--   answer items of one year (POST /api/v1/self-inspection/{year}/{department}/answers/{item}/evidence).
--   Insert-only: a file, once given, stays exactly as given (content, name, hash, who, when); a
--   corrected file is a new row. The content is downloaded only by the department and the 保密办.
create table self_inspection_evidence (
    id           bigserial     primary key,
    year         int           not null,
    department   varchar(100)  not null,
    item         varchar(40)   not null,
    name         varchar(255)  not null,
    media_type   varchar(100)  not null,
    size         bigint        not null check (size > 0),
    sha256       char(64)      not null,
    content      bytea         not null,
    uploaded_by  varchar(100)  not null,
    uploaded_at  timestamptz   not null,
    constraint self_inspection_evidence_size check (octet_length(content) = size)
);
create index self_inspection_evidence_dept_idx on self_inspection_evidence (year, department, item, id);
create trigger self_inspection_evidence_insert_only before update or delete on self_inspection_evidence
    for each row execute function review_insert_only();
