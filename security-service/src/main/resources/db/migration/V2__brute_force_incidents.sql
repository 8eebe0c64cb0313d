-- Failed logins as security-service learns them from user-service's events
-- (io.tenantry.auth.login-failed.v1): what the brute-force rule counts over a sliding
-- window. Rows older than the window are purged.
create table login_failure (
    tenant_id   uuid        not null,
    event_id    uuid        not null,
    source_ip   text        not null,
    email       text        not null,
    reason      text        not null,
    occurred_at timestamptz not null,
    primary key (tenant_id, event_id)
);
create index login_failure_by_source on login_failure (tenant_id, source_ip, occurred_at);
create index login_failure_by_time on login_failure (occurred_at);

alter table login_failure enable row level security;
alter table login_failure force row level security;
create policy tenant_isolation on login_failure
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
-- The purge of rows past the window reads and deletes across tenants (a DELETE with a WHERE
-- sees only the rows a SELECT policy shows): an explicit, named mode of the transaction
-- (app.login_failure_purge), set only by LoginFailurePurge.
create policy window_purge on login_failure
    using (current_setting('app.login_failure_purge', true) = 'on');

-- An attack detected on a tenant: one OPEN incident per tenant, type and source address at
-- a time; later failures from the same address add to it until it is resolved.
create table security_incident (
    tenant_id     uuid        not null,
    id            uuid        not null,
    type          text        not null check (type in ('BRUTE_FORCE')),
    severity      text        not null check (severity in ('MEDIUM', 'HIGH')),
    status        text        not null check (status in ('OPEN', 'RESOLVED')),
    source_ip     text        not null,
    failures      integer     not null,
    accounts      integer     not null,
    first_seen_at timestamptz not null,
    last_seen_at  timestamptz not null,
    opened_at     timestamptz not null,
    resolved_at   timestamptz,
    resolved_by   text,
    resolution    text,
    primary key (tenant_id, id)
);
create unique index security_incident_one_open on security_incident (tenant_id, type, source_ip)
    where status = 'OPEN';
create index security_incident_by_opened on security_incident (tenant_id, opened_at desc);

alter table security_incident enable row level security;
alter table security_incident force row level security;
create policy tenant_isolation on security_incident
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
