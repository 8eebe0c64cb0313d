alter default privileges in schema public grant select, insert, update, delete on tables to ${app_role};
alter default privileges in schema public grant usage, select on sequences to ${app_role};

-- Token signing keys. Platform-wide (not tenant-owned): every tenant's tokens are signed
-- by the issuer's current key, and the JWKS publishes all keys not yet retired.
create table signing_key (
    kid         text        primary key,
    algorithm   text        not null default 'RS256',
    public_key  text        not null,  -- X.509 SubjectPublicKeyInfo, base64
    private_key text        not null,  -- PKCS#8, base64
    created_at  timestamptz not null default now(),
    retired_at  timestamptz
);

-- Accounts, tenant-owned. Email is unique per tenant, ignoring case.
create table user_account (
    tenant_id     uuid        not null,
    id            uuid        not null,
    email         text        not null,
    password_hash text        not null,
    roles         text[]      not null,
    status        text        not null check (status in ('INVITED', 'ACTIVE', 'LOCKED', 'DISABLED')),
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    primary key (tenant_id, id)
);
create unique index user_account_email_key on user_account (tenant_id, lower(email));

alter table user_account enable row level security;
alter table user_account force row level security;
create policy tenant_isolation on user_account
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- OAuth2 clients of the authorization server (the shipped schema, with PostgreSQL types).
create table oauth2_registered_client (
    id                            text        primary key,
    client_id                     text        not null unique,
    client_id_issued_at           timestamptz not null default now(),
    client_secret                 text,
    client_secret_expires_at      timestamptz,
    client_name                   text        not null,
    client_authentication_methods text        not null,
    authorization_grant_types     text        not null,
    redirect_uris                 text,
    post_logout_redirect_uris     text,
    scopes                        text        not null,
    client_settings               text        not null,
    token_settings                text        not null
);
