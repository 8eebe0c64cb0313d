-- Tables created by the owner role are usable by the runtime role, within RLS.
alter default privileges in schema public grant select, insert, update, delete on tables to ${app_role};
alter default privileges in schema public grant usage, select on sequences to ${app_role};

-- One row per tenant. The tenant's id is its tenant_id, so the row is tenant-owned like
-- every other: a tenant sees only itself.
create table tenant (
    tenant_id  uuid        primary key,
    slug       text        not null,
    name       text        not null,
    status     text        not null check (status in ('ACTIVE', 'SUSPENDED', 'DELETED')),
    plan       text        not null check (plan in ('BASIC', 'PROFESSIONAL', 'ENTERPRISE')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint tenant_slug_format check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$')
);
create unique index tenant_slug_key on tenant (slug);

alter table tenant enable row level security;
alter table tenant force row level security;
create policy tenant_isolation on tenant
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- The platform operators' own tenant. RLS is forced on the owner too, so the migration
-- names the tenant it writes for, for this transaction only.
select set_config('app.tenant_id', '00000000-0000-0000-0000-000000000001', true);
insert into tenant (tenant_id, slug, name, status, plan)
values ('00000000-0000-0000-0000-000000000001', 'platform', 'Platform', 'ACTIVE', 'ENTERPRISE');
