-- The tenant's lifecycle: PROVISIONING -> ACTIVE <-> SUSPENDED -> PENDING_DELETION -> DELETED.
alter table tenant drop constraint tenant_status_check;
alter table tenant add constraint tenant_status_check
    check (status in ('PROVISIONING', 'ACTIVE', 'SUSPENDED', 'PENDING_DELETION', 'DELETED'));

alter table tenant
    add column region            text        not null default 'eu-central-1',
    add column owner_email       text,
    add column owner_name        text,
    add column status_reason     text,
    add column suspended_at      timestamptz,
    add column deletion_requested_at timestamptz,
    add column purge_after       timestamptz,
    add column deleted_at        timestamptz,
    add column version           bigint      not null default 0;

create index tenant_purge_due on tenant (purge_after) where status = 'PENDING_DELETION';

-- A platform operator's view across tenants (the list, the purge of due deletions). The
-- service turns it on, for one transaction, only for a verified PLATFORM_ADMIN of the
-- platform tenant or for its own scheduled jobs.
create policy platform_operator on tenant
    using (current_setting('app.platform_operator', true) = 'on')
    with check (current_setting('app.platform_operator', true) = 'on');

-- A tenant's configuration: branding, locale, time zone, feature flags, custom settings.
-- No row: the defaults.
create table tenant_config (
    tenant_id  uuid        primary key references tenant (tenant_id) on delete cascade,
    branding   jsonb       not null default '{}'::jsonb,
    locale     text        not null default 'en',
    time_zone  text        not null default 'UTC',
    features   jsonb       not null default '{}'::jsonb,
    settings   jsonb       not null default '{}'::jsonb,
    updated_at timestamptz not null default now(),
    version    bigint      not null default 0
);

-- The statistics projection, fed by other services' events (never by calls to them): one
-- row per user a tenant has, and one row of counters per tenant.
create table tenant_user (
    tenant_id  uuid        not null,
    user_id    uuid        not null,
    status     text        not null,
    updated_at timestamptz not null,
    primary key (tenant_id, user_id)
);

create table tenant_activity (
    tenant_id        uuid        primary key,
    organizations    bigint      not null default 0,
    api_calls        bigint      not null default 0,
    storage_bytes    bigint      not null default 0,
    last_activity_at timestamptz
);

-- The same tenant policy on each new tenant-owned table.
do $$
declare
    t text;
begin
    foreach t in array array['tenant_config', 'tenant_user', 'tenant_activity'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I'
            || ' using (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)'
            || ' with check (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
    end loop;
end $$;
