-- Who suspended a SUSPENDED tenant: a platform operator, or billing-service for an unpaid
-- invoice. A payment lifts only billing's suspension; an operator's stays until an operator
-- reactivates the tenant. Null whenever the tenant is not suspended.
alter table tenant add column suspended_for text check (suspended_for in ('OPERATOR', 'NONPAYMENT'));

-- Every suspension before billing suspended tenants was an operator's.
select set_config('app.platform_operator', 'on', true);
update tenant set suspended_for = 'OPERATOR' where status = 'SUSPENDED';
