-- What each tenant's plan allows (decision 13): a projection of billing-service's
-- io.tenantry.billing.entitlements-changed.v1 events. limits maps a metric to its maximum
-- (a metric absent is unlimited); features lists what the plan includes. Until billing has
-- published a tenant's first entitlements, the row holds the configured defaults
-- (tenantry.entitlements.default-*, plan_version 0). The transaction that creates an
-- account locks the tenant's row, so concurrent creations serialise on it.
create table tenant_entitlement (
    tenant_id    uuid        primary key,
    plan         text        not null,
    plan_version integer     not null,
    limits       jsonb       not null default '{}',
    features     text[]      not null default '{}',
    updated_at   timestamptz not null default now()
);
select tenantry_enable_tenant_rls('tenant_entitlement');
