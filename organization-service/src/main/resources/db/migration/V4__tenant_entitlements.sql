-- What each tenant's plan allows (decision 13): the projection of billing-service's
-- io.tenantry.billing.entitlements-changed.v1 events user-service keeps too, read here when an
-- invitation would bring the tenant a new user. limits maps a metric to its maximum (a metric
-- absent is unlimited). Until billing has published a tenant's first entitlements, the row
-- holds the configured defaults (tenantry.entitlements.default-*, plan_version 0, no
-- effective_at), which any event replaces; after that the latest effective_at wins. The
-- transaction that invites a new address locks the tenant's row, so concurrent invitations
-- serialise on it.
create table tenant_entitlement (
    tenant_id    uuid        not null,
    plan         text        not null,
    plan_version integer     not null,
    limits       jsonb       not null default '{}',
    effective_at timestamptz,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    primary key (tenant_id)
);

alter table tenant_entitlement enable row level security;
alter table tenant_entitlement force row level security;
create policy tenant_isolation on tenant_entitlement
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- whether an invited address is a user of the tenant already
create index org_user_email on org_user (tenant_id, lower(email));
