-- Webhooks: callbacks a CMS registers per channel, and the outbox of deliveries to them.
-- Outbox rows are inserted inside the transaction that records the decision or publication, so
-- they commit or roll back with it; a scheduled deliverer sends them with retries and back-off.
create table webhook (
    id         bigserial primary key,
    channel    varchar(30)   not null,
    url        varchar(2000) not null,
    -- HMAC key; needed in clear to sign, never returned by the API after registration
    secret     varchar(200)  not null,
    created_by varchar(100)  not null,
    created_at timestamptz   not null,
    -- deleted webhooks stay for the delivery history; they receive nothing more
    deleted_at timestamptz,
    deleted_by varchar(100)
);

create unique index webhook_active_channel_url on webhook (channel, url) where deleted_at is null;

create table webhook_delivery (
    id               bigserial primary key,
    webhook_id       bigint      not null references webhook (id),
    event_type       varchar(60) not null,
    -- the exact JSON body that is POSTed (no draft content)
    payload          text        not null,
    -- PENDING, DELIVERED, DEAD (gave up after the maximum attempts), CANCELLED (webhook deleted)
    status           varchar(20) not null,
    attempts         integer     not null default 0,
    -- when PENDING: due time; while an attempt is in flight it is pushed out by the claim lease
    next_attempt_at  timestamptz,
    last_attempt_at  timestamptz,
    last_status_code integer,
    last_error       varchar(500),
    created_at       timestamptz not null,
    delivered_at     timestamptz
);

create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'PENDING';
create index webhook_delivery_by_webhook on webhook_delivery (webhook_id, id);
