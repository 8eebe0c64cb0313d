-- Usage a plan prices: metric -> {"included": units per month, "unitAmount": minor units,
-- "per": units}. Past the included amount, every started block of `per` units costs
-- unitAmount; the lines are added to the next period's invoice (in arrears).
alter table plan_version add column usage_prices jsonb not null default '{}';
-- the catalogue is append-only for the runtime role; the owner fills in the first versions
update plan_version set usage_prices = case plan
    when 'BASIC' then '{"api_calls": {"included": 100000, "unitAmount": 50, "per": 10000}}'::jsonb
    when 'PROFESSIONAL' then '{"api_calls": {"included": 1000000, "unitAmount": 50, "per": 10000}}'::jsonb
    else '{"api_calls": {"included": 10000000, "unitAmount": 50, "per": 10000}}'::jsonb end
where version = 1;

-- What an accountant needs on the document: the buyer as it was named when the invoice was
-- issued (the tenant's organisation name, no personal data), the subtotal before tax, the
-- tax rate (percent) and amount, an operator's memo; who issued a manual invoice or credit
-- note. total = subtotal + tax.
alter table invoice add column buyer_name text;
alter table invoice add column subtotal bigint;
update invoice set subtotal = total;
alter table invoice alter column subtotal set not null;
alter table invoice add column tax_rate numeric(5, 2) not null default 0 check (tax_rate >= 0 and tax_rate <= 100);
alter table invoice add column tax bigint not null default 0;
alter table invoice add column memo text;
alter table invoice add column issued_by text;

-- The tenant's name as tenant-service last published it, for the buyer on its invoices.
alter table subscription add column customer_name text;

-- An operator's request to issue an invoice names a key: sent again, it returns the first.
alter table invoice add column idempotency_key text;
create unique index invoice_idempotency_key on invoice (tenant_id, idempotency_key) where idempotency_key is not null;

-- USAGE: the use of a subscription's last period past its plan, invoiced when it ends.
alter table invoice drop constraint invoice_kind_check;
alter table invoice add constraint invoice_kind_check
    check (kind in ('PERIOD', 'PRORATION', 'MANUAL', 'CREDIT_NOTE', 'USAGE'));
