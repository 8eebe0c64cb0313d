-- Exports too large to stream in the request run as jobs; the file stays for download.
create table audit_export_job (
    tenant_id    uuid        not null,
    id           uuid        not null,
    status       text        not null check (status in ('RUNNING', 'DONE', 'FAILED')),
    format       text        not null check (format in ('csv', 'jsonl')),
    filter       text        not null,  -- the request's filters, as JSON
    rows         bigint,
    requested_by text        not null,
    created_at   timestamptz not null,
    finished_at  timestamptz,
    error        text,
    primary key (tenant_id, id)
);
alter table audit_export_job enable row level security;
alter table audit_export_job force row level security;
create policy tenant_isolation on audit_export_job
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
