-- Invitations to an organization: a single-use token (only its SHA-256 is kept) mailed to
-- an address, with a role and an expiry. Accepted by someone without an account yet, an
-- invitation waits for user-service to create the user (user_id null until then).
create table org_invitation (
    tenant_id       uuid        not null,
    id              uuid        not null,
    organization_id uuid        not null,
    email           text        not null,
    role            text        not null,
    token_hash      text        not null unique,
    status          text        not null check (status in ('PENDING', 'ACCEPTED', 'EXPIRED', 'REVOKED')),
    expires_at      timestamptz not null,
    invited_by      text,
    sent_count      int         not null default 1,
    user_id         uuid,
    accepted_at     timestamptz,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, organization_id) references organization (tenant_id, id) on delete cascade
);
create unique index org_invitation_one_pending on org_invitation (tenant_id, organization_id, lower(email))
    where status = 'PENDING';
create index org_invitation_awaiting_user on org_invitation (tenant_id, lower(email))
    where status = 'ACCEPTED' and user_id is null;

alter table org_invitation enable row level security;
alter table org_invitation force row level security;
create policy tenant_isolation on org_invitation
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
