-- The service's signing keys for checkpoints (Ed25519). Platform-wide.
create table audit_signing_key (
    kid         text        primary key,
    algorithm   text        not null default 'Ed25519',
    public_key  text        not null,  -- X.509 SubjectPublicKeyInfo, base64
    private_key text        not null,  -- PKCS#8, base64
    created_at  timestamptz not null default now()
);

-- Signed statements of a chain's state: the entry at seq had this hash. They outlive
-- the entries they cover, so a purged log can still be verified from its checkpoint.
create table audit_checkpoint (
    tenant_id  uuid        not null,
    seq        bigint      not null,
    hash       text        not null,
    created_at timestamptz not null,
    kid        text        not null references audit_signing_key (kid),
    signature  text        not null,  -- Ed25519 over the canonical JSON of the four fields above
    primary key (tenant_id, seq)
);
alter table audit_checkpoint enable row level security;
alter table audit_checkpoint force row level security;
create policy tenant_isolation on audit_checkpoint
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
revoke update, delete, truncate on audit_checkpoint from ${app_role};

-- The daily checkpoint job lists every chain head: an explicit, named mode of its
-- transaction (app.audit_maintenance), like the outbox relay's.
create policy audit_maintenance on audit_chain_head for select
    using (current_setting('app.audit_maintenance', true) = 'on');
