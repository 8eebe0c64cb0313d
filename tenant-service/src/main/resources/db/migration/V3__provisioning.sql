-- Onboarding steps of a tenant in PROVISIONING: each service that claims a step reports it
-- done through its own events; tenant-service retries a step that stays silent, then marks
-- it FAILED on the tenant.
create table tenant_provisioning_step (
    tenant_id  uuid        not null references tenant (tenant_id) on delete cascade,
    step       text        not null,
    status     text        not null check (status in ('PENDING', 'DONE', 'FAILED')),
    attempts   int         not null default 1,
    detail     text,
    updated_at timestamptz not null,
    primary key (tenant_id, step)
);
alter table tenant_provisioning_step enable row level security;
alter table tenant_provisioning_step force row level security;
create policy tenant_isolation on tenant_provisioning_step
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
create policy platform_operator on tenant_provisioning_step
    using (current_setting('app.platform_operator', true) = 'on')
    with check (current_setting('app.platform_operator', true) = 'on');
