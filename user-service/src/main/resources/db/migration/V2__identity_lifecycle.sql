-- Identity: profiles, lockout, sessions with rotating refresh tokens, password history,
-- single-use tokens (reset, invitation), MFA, API clients and the tenant directory.

-- Every tenant-owned table below has the same policy; written once here.
create function tenantry_enable_tenant_rls(table_name text) returns void language plpgsql as $$
begin
    execute format('alter table %I enable row level security', table_name);
    execute format('alter table %I force row level security', table_name);
    execute format('create policy tenant_isolation on %I'
        || ' using (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)'
        || ' with check (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', table_name);
end $$;

-- Which tenant a login names: slug -> id. Fed by tenant-service's events; the platform
-- tenant is seeded. A login names a tenant before any token exists, so the lookup by slug
-- is allowed to a transaction that asks for it (app.tenant_lookup), read-only.
create table tenant_directory (
    tenant_id  uuid        primary key,
    slug       text        not null unique,
    status     text        not null,
    updated_at timestamptz not null default now()
);
select tenantry_enable_tenant_rls('tenant_directory');
create policy slug_lookup on tenant_directory for select
    using (current_setting('app.tenant_lookup', true) = 'on');
select set_config('app.tenant_id', '00000000-0000-0000-0000-000000000001', true);
insert into tenant_directory (tenant_id, slug, status)
values ('00000000-0000-0000-0000-000000000001', 'platform', 'ACTIVE');

alter table user_account
    add column display_name        text,
    add column password_changed_at timestamptz,
    add column last_login_at       timestamptz,
    add column failed_attempts     integer     not null default 0,
    add column first_failed_at     timestamptz,
    add column locked_until        timestamptz,
    add column lockouts            integer     not null default 0,
    add column mfa_secret          bytea,      -- AES-GCM encrypted TOTP seed
    add column mfa_enabled_at      timestamptz,
    add column version             bigint      not null default 0,
    alter column password_hash drop not null;  -- an invited user has no password yet
create index user_account_status_idx on user_account (tenant_id, status);
create index user_account_roles_idx on user_account using gin (roles);

create table password_history (
    tenant_id     uuid        not null,
    id            bigint      generated always as identity,
    user_id       uuid        not null,
    password_hash text        not null,
    created_at    timestamptz not null default now(),
    foreign key (tenant_id, user_id) references user_account (tenant_id, id) on delete cascade
);
create index password_history_user_idx on password_history (tenant_id, user_id, id desc);
select tenantry_enable_tenant_rls('password_history');

-- Single-use tokens sent by message: password reset and invitation. Only a SHA-256 of
-- the token is stored.
create table one_time_token (
    token_hash text        primary key,
    tenant_id  uuid        not null,
    user_id    uuid        not null,
    purpose    text        not null check (purpose in ('PASSWORD_RESET', 'INVITATION')),
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at    timestamptz,
    foreign key (tenant_id, user_id) references user_account (tenant_id, id) on delete cascade
);
create index one_time_token_user_idx on one_time_token (tenant_id, user_id);
select tenantry_enable_tenant_rls('one_time_token');

-- A login session: the family of its refresh tokens. Revoking it ends them all.
create table user_session (
    tenant_id      uuid        not null,
    id             uuid        not null,
    user_id        uuid        not null,
    created_at     timestamptz not null,
    last_used_at   timestamptz not null,
    expires_at     timestamptz not null,  -- absolute timeout
    revoked_at     timestamptz,
    revoked_reason text,
    ip             text,
    user_agent     text,
    authn_methods  text[]      not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, user_id) references user_account (tenant_id, id) on delete cascade
);
create index user_session_user_idx on user_session (tenant_id, user_id, created_at desc);
select tenantry_enable_tenant_rls('user_session');

create table refresh_token (
    token_hash text        primary key,
    tenant_id  uuid        not null,
    session_id uuid        not null,
    issued_at  timestamptz not null,
    used_at    timestamptz,
    foreign key (tenant_id, session_id) references user_session (tenant_id, id) on delete cascade
);
create index refresh_token_session_idx on refresh_token (tenant_id, session_id);
select tenantry_enable_tenant_rls('refresh_token');

-- Every login attempt, for the statistics and the lockout window (kept 30 days).
create table login_attempt (
    tenant_id    uuid        not null,
    user_id      uuid,
    succeeded    boolean     not null,
    attempted_at timestamptz not null
);
create index login_attempt_time_idx on login_attempt (tenant_id, attempted_at);
select tenantry_enable_tenant_rls('login_attempt');

-- MFA: a pending second step after the password, and the recovery codes.
create table mfa_challenge (
    token_hash text        primary key,
    tenant_id  uuid        not null,
    user_id    uuid        not null,
    purpose    text        not null check (purpose in ('LOGIN', 'ENROLMENT')),
    expires_at timestamptz not null,
    attempts   integer     not null default 0,
    used_at    timestamptz,
    ip         text,
    user_agent text,
    foreign key (tenant_id, user_id) references user_account (tenant_id, id) on delete cascade
);
select tenantry_enable_tenant_rls('mfa_challenge');

create table mfa_recovery_code (
    tenant_id uuid        not null,
    user_id   uuid        not null,
    code_hash text        not null,
    used_at   timestamptz,
    primary key (tenant_id, user_id, code_hash),
    foreign key (tenant_id, user_id) references user_account (tenant_id, id) on delete cascade
);
select tenantry_enable_tenant_rls('mfa_recovery_code');

-- The last TOTP time step each user has used, so a code cannot be replayed.
alter table user_account add column mfa_last_step bigint;

-- API clients of a tenant (client_credentials). The authorization server looks clients up
-- by client_id before any tenant is known, in oauth2_registered_client, which carries the
-- tenant in its settings; this table is the tenant's own view of its clients.
create table api_client (
    tenant_id  uuid        not null,
    id         uuid        not null,
    client_id  text        not null unique,
    name       text        not null,
    roles      text[]      not null,
    scopes     text[]      not null,
    created_by text,
    created_at timestamptz not null,
    revoked_at timestamptz,
    primary key (tenant_id, id)
);
select tenantry_enable_tenant_rls('api_client');

-- Keys stay published after they stop signing until every token they signed has expired.
alter table signing_key add column retire_after timestamptz;
