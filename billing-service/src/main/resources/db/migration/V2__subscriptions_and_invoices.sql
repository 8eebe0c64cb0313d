-- A tenant's subscription: one per tenant, started when tenant-service creates the tenant,
-- on the tenant's plan. Each period is invoiced in advance, at its start; a plan change
-- applies from the next period. Amounts are in the currency's minor unit (cents).
create table subscription (
    tenant_id            uuid        not null primary key,
    plan                 text        not null check (plan in ('BASIC', 'PROFESSIONAL', 'ENTERPRISE')),
    status               text        not null check (status in ('ACTIVE', 'PAST_DUE', 'CANCELED')),
    currency             text        not null,
    current_period_start timestamptz not null,
    current_period_end   timestamptz not null,
    customer_id          text,        -- the payment provider's customer
    payment_method_id    text,        -- the provider's reusable payment method, never card details
    started_at           timestamptz not null,
    canceled_at          timestamptz,
    updated_at           timestamptz not null,
    check (current_period_end > current_period_start)
);
create index subscription_due on subscription (current_period_end) where status <> 'CANCELED';

alter table subscription enable row level security;
alter table subscription force row level security;
create policy tenant_isolation on subscription
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
-- The billing run finds what is due across tenants, and the MRR gauge sums every tenant's
-- subscriptions: an explicit, named, read-only mode of the transaction (app.billing_run),
-- set only by BillingRun and BillingMetrics. Every change is made as the tenant.
create policy billing_run on subscription for select
    using (current_setting('app.billing_run', true) = 'on');

-- An invoice for one period of a subscription: OPEN until paid (or voided), PAID once the
-- provider confirms the charge. A period is invoiced once (unique period_start).
create table invoice (
    tenant_id               uuid        not null,
    id                      uuid        not null,
    number                  text        not null,
    status                  text        not null check (status in ('OPEN', 'PAID', 'VOID')),
    plan                    text        not null,
    description             text        not null,
    currency                text        not null,
    amount_due              bigint      not null check (amount_due >= 0),
    period_start            timestamptz not null,
    period_end              timestamptz not null,
    issued_at               timestamptz not null,
    paid_at                 timestamptz,
    payment_attempts        integer     not null default 0,
    -- charges with a definite answer (paid, declined, ...): the next charge's idempotency
    -- key; a provider error leaves it, so the retry is the same charge at the provider
    charge_sequence         integer     not null default 0,
    attempt_started_at      timestamptz, -- set while a charge is in flight
    next_payment_attempt_at timestamptz,
    last_payment_error      text,
    payment_id              text,        -- the provider's payment (Stripe PaymentIntent) that paid it
    primary key (tenant_id, id),
    unique (tenant_id, number),
    unique (tenant_id, period_start)
);
create index invoice_by_issued on invoice (tenant_id, issued_at desc);
create index invoice_collectable on invoice (next_payment_attempt_at) where status = 'OPEN';

alter table invoice enable row level security;
alter table invoice force row level security;
create policy tenant_isolation on invoice
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
create policy billing_run on invoice for select
    using (current_setting('app.billing_run', true) = 'on');
