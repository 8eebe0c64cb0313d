-- The plan catalogue: versioned data, never configuration. A subscription keeps the version
-- it started on until it changes plan; an operator adds a version, which new subscribers get.
-- Not tenant-owned: every tenant reads the same catalogue. Versions are never changed or
-- removed by the runtime role, only added.
create table plan_version (
    plan          text        not null check (plan in ('BASIC', 'PROFESSIONAL', 'ENTERPRISE')),
    version       integer     not null check (version > 0),
    currency      text        not null check (currency ~ '^[a-z]{3}$'),
    monthly_price bigint      not null check (monthly_price >= 0), -- minor unit (cents)
    yearly_price  bigint      not null check (yearly_price >= 0),
    limits        jsonb       not null default '{}', -- metric -> maximum; absent: unlimited
    features      text[]      not null,
    created_at    timestamptz not null,
    created_by    text        not null,
    primary key (plan, version)
);
revoke update, delete on plan_version from ${app_role};

insert into plan_version (plan, version, currency, monthly_price, yearly_price, limits, features, created_at, created_by)
values
    ('BASIC', 1, 'usd', 2900, 29000,
     '{"users": 10, "projects": 5, "storage_bytes": 1000000000}',
     array['basic_analytics', 'email_support'], now(), 'migration'),
    ('PROFESSIONAL', 1, 'usd', 9900, 99000,
     '{"users": 50, "projects": 25, "storage_bytes": 10000000000}',
     array['basic_analytics', 'advanced_analytics', 'ai_analysis', 'email_support', 'priority_support',
           'api_access'], now(), 'migration'),
    ('ENTERPRISE', 1, 'usd', 29900, 299000, '{}',
     array['basic_analytics', 'advanced_analytics', 'ai_analysis', 'email_support', 'priority_support',
           'api_access', 'custom_integrations', 'dedicated_support', 'sso'], now(), 'migration');

-- The version each subscription pays; existing subscriptions started on the first.
alter table subscription add column plan_version integer not null default 1;
alter table subscription alter column plan_version drop default;

-- Usage as reported: one row per record, unique per tenant by idempotency key (so a record
-- sent twice, by a retry or another instance, counts once). Kept for
-- tenantry.billing.usage.raw-retention; the rollups below are kept for good.
create table usage_record (
    tenant_id       uuid        not null,
    id              uuid        not null,
    metric          text        not null,
    quantity        bigint      not null,
    recorded_at     timestamptz not null, -- when the usage happened (the record's timestamp)
    idempotency_key text        not null,
    attributes      jsonb,
    source          text        not null, -- api (a tenant's client) or event (a service)
    received_at     timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, idempotency_key)
);
create index usage_record_by_metric on usage_record (tenant_id, metric, recorded_at);
create index usage_record_received on usage_record (received_at);

-- Hourly and daily rollups of each metric, written in the record's transaction: the sum (for
-- counters), the largest value and the latest value with its time (for levels).
create table usage_rollup (
    tenant_id    uuid        not null,
    metric       text        not null,
    granularity  text        not null check (granularity in ('HOUR', 'DAY')),
    bucket_start timestamptz not null,
    total        bigint      not null,
    maximum      bigint      not null,
    last_value   bigint      not null,
    last_at      timestamptz not null,
    records      bigint      not null,
    primary key (tenant_id, metric, granularity, bucket_start)
);

-- A tenant's current level of each level metric (the value of its latest record), read by
-- every entitlement check without scanning records.
create table usage_current (
    tenant_id  uuid        not null,
    metric     text        not null,
    level      bigint      not null,
    level_at   timestamptz not null,
    updated_at timestamptz not null,
    primary key (tenant_id, metric)
);

-- Thresholds of a limit reached in a period, each announced once.
create table usage_threshold (
    tenant_id    uuid        not null,
    metric       text        not null,
    period_start timestamptz not null,
    percent      integer     not null check (percent in (80, 100)),
    reached_at   timestamptz not null,
    primary key (tenant_id, metric, period_start, percent)
);

alter table usage_record enable row level security;
alter table usage_record force row level security;
create policy tenant_isolation on usage_record
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
-- the retention run deletes old raw records across tenants, in its own named mode
create policy usage_retention on usage_record for delete
    using (current_setting('app.usage_retention', true) = 'on');
create policy usage_retention_read on usage_record for select
    using (current_setting('app.usage_retention', true) = 'on');

alter table usage_rollup enable row level security;
alter table usage_rollup force row level security;
create policy tenant_isolation on usage_rollup
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

alter table usage_current enable row level security;
alter table usage_current force row level security;
create policy tenant_isolation on usage_current
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

alter table usage_threshold enable row level security;
alter table usage_threshold force row level security;
create policy tenant_isolation on usage_threshold
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
