-- A tenant's organizations: a tree per tenant. Each row keeps its path from the root
-- (ancestors' ids, then its own), so ancestors and subtrees are one indexed lookup.
create table organization (
    tenant_id   uuid        not null,
    id          uuid        not null,
    parent_id   uuid,
    name        text        not null,
    description text,
    path        uuid[]      not null,
    depth       int         not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    version     bigint      not null default 0,
    primary key (tenant_id, id),
    foreign key (tenant_id, parent_id) references organization (tenant_id, id),
    constraint organization_path_ends_with_self check (path[array_length(path, 1)] = id),
    constraint organization_depth_is_path_length check (depth = array_length(path, 1))
);
create index organization_children on organization (tenant_id, parent_id);
create index organization_path on organization using gin (path);
-- sibling names are unique, ignoring case (roots are siblings of each other)
create unique index organization_sibling_name on organization
    (tenant_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));

-- A tenant's own roles, beside the built-in ORG_ADMIN, ORG_MEMBER and ORG_VIEWER.
create table org_role (
    tenant_id   uuid        not null,
    id          uuid        not null,
    name        text        not null,
    description text,
    permissions text[]      not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    primary key (tenant_id, id)
);
create unique index org_role_name on org_role (tenant_id, upper(name));

-- A user's role in an organization; it holds in every descendant unless a membership lower
-- down says otherwise.
create table membership (
    tenant_id       uuid        not null,
    organization_id uuid        not null,
    user_id         uuid        not null,
    role            text        not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    primary key (tenant_id, organization_id, user_id),
    foreign key (tenant_id, organization_id) references organization (tenant_id, id) on delete cascade
);
create index membership_user on membership (tenant_id, user_id);

-- The tenant's users as user-service's events describe them: member ids are checked here.
create table org_user (
    tenant_id  uuid        not null,
    user_id    uuid        not null,
    email      text        not null,
    status     text        not null,
    updated_at timestamptz not null,
    primary key (tenant_id, user_id)
);

do $$
declare
    t text;
begin
    foreach t in array array['organization', 'org_role', 'membership', 'org_user'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I'
            || ' using (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)'
            || ' with check (tenant_id = nullif(current_setting(''app.tenant_id'', true), '''')::uuid)', t);
    end loop;
end $$;
