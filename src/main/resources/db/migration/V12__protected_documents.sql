-- Protected documents (摘录检测): only keyed fingerprints are kept, never the text or the file.
-- The key (REVIEW_EXCERPT_KEY) is not in the database; key_id (first 8 hex digits of SHA-256 of
-- a value derived from the key) says which key made a document's fingerprints.
create table protected_document (
    id            bigserial    primary key,
    title         varchar(200) not null,
    level         varchar(40),
    characters    integer      not null,
    fingerprints  integer      not null,
    key_id        varchar(16)  not null,
    registered_by varchar(100) not null,
    registered_at timestamptz  not null
);

-- Winnowed k-gram fingerprints (the candidate index held in memory by every instance).
create table protected_fingerprint (
    document_id bigint not null references protected_document (id) on delete cascade,
    fp          bigint not null,
    primary key (document_id, fp)
);
create index protected_fingerprint_fp on protected_fingerprint (fp);

-- Fingerprints of every 30-character run (confirmation: a candidate is an excerpt only when a
-- whole 30-character run of the draft is among them). Looked up on demand, never loaded whole.
create table protected_run (
    document_id bigint not null references protected_document (id) on delete cascade,
    fp          bigint not null,
    primary key (fp, document_id)
);
create index protected_run_document on protected_run (document_id);

-- Fingerprints of published, not withdrawn revisions (boilerplate: not evidence of an excerpt).
create table public_fingerprint (
    publication_id bigint not null references publication (id),
    fp             bigint not null,
    primary key (fp, publication_id)
);
create index public_fingerprint_publication on public_fingerprint (publication_id);

-- Which publications have been fingerprinted, and with which key.
create table public_fingerprint_source (
    publication_id bigint      primary key references publication (id),
    key_id         varchar(16) not null,
    fingerprints   integer     not null,
    done_at        timestamptz not null
);

-- One counter every instance polls: bumped with every change to the tables above.
create table excerpt_index_version (
    id      integer primary key check (id = 1),
    version bigint  not null
);
insert into excerpt_index_version (id, version) values (1, 0);
