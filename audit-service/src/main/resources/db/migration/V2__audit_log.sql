-- The audit log: one entry per event, per tenant a hash chain.
create table audit_entry (
    tenant_id     uuid        not null,
    seq           bigint      not null,   -- position in the tenant's chain, from 1
    event_id      uuid        not null,
    action        text        not null,   -- the event type
    source        text        not null,
    actor_type    text,
    actor_id      text,
    actor_ip      text,
    resource_type text,
    resource_id   text,
    outcome       text        not null check (outcome in ('SUCCESS', 'FAILURE')),
    occurred_at   timestamptz not null,
    recorded_at   timestamptz not null,
    payload       text        not null,   -- the event exactly as received
    prev_hash     text        not null,
    hash          text        not null,
    primary key (tenant_id, seq),
    unique (tenant_id, event_id)
);
create index audit_entry_time on audit_entry (tenant_id, occurred_at desc);
create index audit_entry_action on audit_entry (tenant_id, action text_pattern_ops);
create index audit_entry_actor on audit_entry (tenant_id, actor_id);
create index audit_entry_resource on audit_entry (tenant_id, resource_type, resource_id);

-- The end of each tenant's chain; locked while an entry is appended.
create table audit_chain_head (
    tenant_id  uuid        primary key,
    last_seq   bigint      not null,
    last_hash  text        not null,
    updated_at timestamptz not null
);

alter table audit_entry enable row level security;
alter table audit_entry force row level security;
create policy tenant_isolation on audit_entry
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
alter table audit_chain_head enable row level security;
alter table audit_chain_head force row level security;
create policy tenant_isolation on audit_chain_head
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Append-only: the runtime role may not change or remove an entry, and neither may anyone
-- else while this trigger stands.
revoke update, delete, truncate on audit_entry from ${app_role};
create function audit_entry_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit entries are append-only (% refused)', tg_op;
end
$$;
create trigger audit_entry_append_only before update or delete on audit_entry
    for each row execute function audit_entry_is_append_only();
create trigger audit_entry_no_truncate before truncate on audit_entry
    for each statement execute function audit_entry_is_append_only();
