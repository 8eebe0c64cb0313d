-- audit-service's own copy of each tenant's plan, read from tenant events (data.plan):
-- it decides the default retention.
create table audit_tenant_plan (
    tenant_id  uuid        primary key,
    plan       text        not null,
    as_of      timestamptz not null  -- time of the event it came from
);
alter table audit_tenant_plan enable row level security;
alter table audit_tenant_plan force row level security;
create policy tenant_isolation on audit_tenant_plan
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
