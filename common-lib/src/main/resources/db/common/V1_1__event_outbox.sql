-- Shared by every service (common-lib, location classpath:db/common).

-- Transactional outbox: an event row commits with the change that caused it; the relay
-- sends it to Kafka and marks it published.
create table event_outbox (
    tenant_id    uuid        not null,
    id           bigint      generated always as identity,
    event_id     uuid        not null,
    topic        text        not null,
    event_type   text        not null,
    payload      text        not null,  -- the CloudEvent JSON exactly as sent
    created_at   timestamptz not null default now(),
    published_at timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, event_id)
);
create index event_outbox_pending on event_outbox (id) where published_at is null;

alter table event_outbox enable row level security;
alter table event_outbox force row level security;
create policy tenant_isolation on event_outbox
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
-- The relay reads every tenant's pending events: an explicit, named mode of the
-- transaction (app.outbox_relay), set only by OutboxRelay.
create policy outbox_relay on event_outbox
    using (current_setting('app.outbox_relay', true) = 'on');

-- Events a consumer has handled, recorded in the same transaction as the effect.
create table processed_event (
    tenant_id    uuid        not null,
    consumer     text        not null,
    event_id     uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (tenant_id, consumer, event_id)
);
alter table processed_event enable row level security;
alter table processed_event force row level security;
create policy tenant_isolation on processed_event
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
