-- Monthly partitions by recorded_at, so that retention drops whole months.

create table audit_entry_partitioned (
    tenant_id     uuid        not null,
    seq           bigint      not null,
    event_id      uuid        not null,
    action        text        not null,
    source        text        not null,
    actor_type    text,
    actor_id      text,
    actor_ip      text,
    resource_type text,
    resource_id   text,
    outcome       text        not null check (outcome in ('SUCCESS', 'FAILURE')),
    occurred_at   timestamptz not null,
    recorded_at   timestamptz not null,
    payload       text        not null,
    prev_hash     text        not null,
    hash          text        not null,
    search        tsvector    generated always as (
        to_tsvector('simple',
            action || ' ' || coalesce(actor_id, '') || ' ' || coalesce(actor_ip, '') || ' '
            || coalesce(resource_type, '') || ' ' || coalesce(resource_id, '') || ' ' || payload)
    ) stored,
    -- a partitioned table's keys include the partition column; (tenant_id, seq) stays
    -- unique because appends to a chain are serialised on its head row
    primary key (tenant_id, seq, recorded_at)
) partition by range (recorded_at);
-- catches what no month partition takes; kept empty by creating months ahead
create table audit_entry_default partition of audit_entry_partitioned default;

-- Every partition is locked down on its own too: no grant to the runtime role (it goes
-- through audit_entry) and the same forced row-level security.
create function audit_protect_partition(name text) returns void
language plpgsql security definer set search_path = public as $$
begin
    execute format('revoke all on %I from ${app_role}', name);
    execute format('alter table %I enable row level security', name);
    execute format('alter table %I force row level security', name);
    execute format('create policy tenant_isolation on %I'
        ' using (tenant_id = nullif(current_setting(%L, true), %L)::uuid)'
        ' with check (tenant_id = nullif(current_setting(%L, true), %L)::uuid)',
        name, 'app.tenant_id', '', 'app.tenant_id', '');
end
$$;
revoke all on function audit_protect_partition(text) from public;
select audit_protect_partition('audit_entry_default');

-- the owner reads every row while copying (RLS is forced on the owner too)
alter table audit_entry no force row level security;
alter table audit_entry rename to audit_entry_unpartitioned;
alter table audit_entry_partitioned rename to audit_entry;

-- Creates the month's partition of the given day if missing. Runs as the owner; the
-- runtime role may call it. Partitions are reached through audit_entry only (and its RLS).
create function audit_ensure_partition(day date) returns text
language plpgsql security definer set search_path = public as $$
declare
    first_day date := date_trunc('month', day)::date;
    name text := 'audit_entry_' || to_char(first_day, 'YYYY_MM');
begin
    if to_regclass(name) is null then
        execute format('create table %I partition of audit_entry for values from (%L) to (%L)', name,
            (first_day::timestamp at time zone 'UTC'), ((first_day + interval '1 month')::timestamp at time zone 'UTC'));
        perform audit_protect_partition(name);
    end if;
    return name;
end
$$;
revoke all on function audit_ensure_partition(date) from public;
grant execute on function audit_ensure_partition(date) to ${app_role};

-- Drops a whole month. The retention job decides which month may go (every tenant in it
-- past its retention, none on legal hold, a signed checkpoint at each tenant's last entry
-- in it); as a last guard, nothing younger than 30 days can be dropped.
create function audit_drop_partition(day date) returns boolean
language plpgsql security definer set search_path = public as $$
declare
    first_day date := date_trunc('month', day)::date;
    name text := 'audit_entry_' || to_char(first_day, 'YYYY_MM');
begin
    if (first_day + interval '1 month') > now() - interval '30 days' then
        raise exception 'audit partition % is too recent to drop', name;
    end if;
    if to_regclass(name) is null then
        return false;
    end if;
    execute format('alter table audit_entry detach partition %I', name);
    execute format('drop table %I', name);
    return true;
end
$$;
revoke all on function audit_drop_partition(date) from public;
grant execute on function audit_drop_partition(date) to ${app_role};

select audit_ensure_partition(month::date)
from generate_series(
    date_trunc('month', coalesce((select min(recorded_at) from audit_entry_unpartitioned), now()) at time zone 'UTC'),
    date_trunc('month', now() at time zone 'UTC') + interval '2 months',
    interval '1 month') as month;

insert into audit_entry (tenant_id, seq, event_id, action, source, actor_type, actor_id, actor_ip, resource_type,
    resource_id, outcome, occurred_at, recorded_at, payload, prev_hash, hash)
select tenant_id, seq, event_id, action, source, actor_type, actor_id, actor_ip, resource_type, resource_id, outcome,
    occurred_at, recorded_at, payload, prev_hash, hash
from audit_entry_unpartitioned;
drop table audit_entry_unpartitioned;

create index audit_entry_event on audit_entry (tenant_id, event_id);
create index audit_entry_time on audit_entry (tenant_id, occurred_at desc);
create index audit_entry_action on audit_entry (tenant_id, action text_pattern_ops);
create index audit_entry_actor on audit_entry (tenant_id, actor_id);
create index audit_entry_resource on audit_entry (tenant_id, resource_type, resource_id);
create index audit_entry_search on audit_entry using gin (search);

alter table audit_entry enable row level security;
alter table audit_entry force row level security;
create policy tenant_isolation on audit_entry
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
grant select, insert on audit_entry to ${app_role};
revoke update, delete, truncate on audit_entry from ${app_role};
create trigger audit_entry_append_only before update or delete on audit_entry
    for each row execute function audit_entry_is_append_only();
create trigger audit_entry_no_truncate before truncate on audit_entry
    for each statement execute function audit_entry_is_append_only();

-- Retention per tenant: how long its entries are kept, and a legal hold that stops purging.
create table audit_retention (
    tenant_id         uuid        primary key,
    retention_days    integer     not null check (retention_days between 30 and 36500),
    legal_hold        boolean     not null default false,
    legal_hold_reason text,
    updated_at        timestamptz not null,
    updated_by        text        not null
);
alter table audit_retention enable row level security;
alter table audit_retention force row level security;
create policy tenant_isolation on audit_retention
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
