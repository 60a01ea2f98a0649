-- Lexicons: every version as uploaded (the TSV text), kept for good. The newest version of each
-- name is in force; an inspection records the versions it used, and this table says what they held.
create table lexicon_version (
    id          bigserial primary key,
    name        varchar(64)  not null,
    version     integer      not null,
    kind        varchar(10)  not null,
    term_count  integer      not null,
    content     text         not null,
    sha256      char(64)     not null,
    source      varchar(10)  not null,
    created_at  timestamptz  not null,
    created_by  varchar(100),
    constraint lexicon_version_name_version unique (name, version),
    constraint lexicon_version_kind check (kind in ('TERMS', 'ALLOW')),
    constraint lexicon_version_source check (source in ('API', 'FILE'))
);

-- The TSV is stored as uploaded, uncompressed: replacing a 100,000-term lexicon must stay well under a second.
alter table lexicon_version alter column content set storage external;
