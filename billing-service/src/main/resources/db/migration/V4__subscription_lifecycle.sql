-- Subscriptions a tenant manages itself: an id for the API, a billing interval (a month or a
-- year), a trial, cancellation at the period's end, a downgrade scheduled for the period's end,
-- and the states TRIALING and UNPAID (dunning ended without payment). A tenant has one
-- subscription row; subscribing again after a cancellation gives it a new id.
alter table subscription add column id uuid;
update subscription set id = gen_random_uuid();
alter table subscription alter column id set not null;
alter table subscription add constraint subscription_id_key unique (id);
alter table subscription add column billing_interval text not null default 'MONTHLY'
    check (billing_interval in ('MONTHLY', 'YEARLY'));
alter table subscription add column trial_end timestamptz;
alter table subscription add column trial_used boolean not null default false;
alter table subscription add column cancel_at_period_end boolean not null default false;
alter table subscription add column scheduled_plan text check (scheduled_plan in ('BASIC', 'PROFESSIONAL', 'ENTERPRISE'));
alter table subscription add column scheduled_interval text check (scheduled_interval in ('MONTHLY', 'YEARLY'));
-- credit the tenant holds (unused time of a canceled or changed period), taken off its next invoices
alter table subscription add column credit_balance bigint not null default 0 check (credit_balance >= 0);
alter table subscription drop constraint subscription_status_check;
alter table subscription add constraint subscription_status_check
    check (status in ('TRIALING', 'ACTIVE', 'PAST_DUE', 'UNPAID', 'CANCELED'));

-- An invoice is a period's (PERIOD), a mid-period change's (PRORATION), an operator's
-- (MANUAL), or a credit note (CREDIT_NOTE: total below zero, nothing due). Its lines add up
-- to its total; amount_due is what is left to pay after the tenant's credit.
alter table invoice add column kind text not null default 'PERIOD'
    check (kind in ('PERIOD', 'PRORATION', 'MANUAL', 'CREDIT_NOTE'));
alter table invoice add column total bigint;
update invoice set total = amount_due;
alter table invoice alter column total set not null;
alter table invoice add column credit_applied bigint not null default 0 check (credit_applied >= 0);
alter table invoice add column billing_interval text;
-- one invoice per period, for the period invoices only
alter table invoice drop constraint invoice_tenant_id_period_start_key;
create unique index invoice_one_per_period on invoice (tenant_id, period_start) where kind = 'PERIOD';

create table invoice_line (
    tenant_id    uuid        not null,
    invoice_id   uuid        not null,
    position     integer     not null,
    description  text        not null,
    quantity     bigint      not null,
    unit_amount  bigint      not null, -- minor unit; below zero for a credit
    amount       bigint      not null, -- quantity * unit_amount, or a prorated amount
    period_start timestamptz,
    period_end   timestamptz,
    primary key (tenant_id, invoice_id, position),
    foreign key (tenant_id, invoice_id) references invoice (tenant_id, id) on delete cascade
);
insert into invoice_line (tenant_id, invoice_id, position, description, quantity, unit_amount, amount, period_start,
                          period_end)
select tenant_id, id, 1, description, 1, amount_due, amount_due, period_start, period_end from invoice;

alter table invoice_line enable row level security;
alter table invoice_line force row level security;
create policy tenant_isolation on invoice_line
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
