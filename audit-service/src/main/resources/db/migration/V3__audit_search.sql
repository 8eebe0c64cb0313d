-- Full-text search over an entry: its action, actor, resource and the whole event.
-- 'simple' configuration: ids, emails and paths are matched as written, in any language.
alter table audit_entry add column search tsvector generated always as (
    to_tsvector('simple',
        action || ' ' || coalesce(actor_id, '') || ' ' || coalesce(actor_ip, '') || ' '
        || coalesce(resource_type, '') || ' ' || coalesce(resource_id, '') || ' ' || payload)
) stored;
create index audit_entry_search on audit_entry using gin (search);
