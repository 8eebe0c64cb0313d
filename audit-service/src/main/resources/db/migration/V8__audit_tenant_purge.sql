-- A deleted tenant's log is purged at the end of its grace period, unless it is under legal
-- hold; its signed checkpoints stay, so what it was can still be proven. This function is
-- the one way to delete entries row by row: one tenant's, as that tenant (RLS), announced
-- to the append-only trigger by a setting only it makes.
create or replace function audit_entry_is_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        if current_setting('app.audit_tenant_purge', true) = old.tenant_id::text then
            return old;
        end if;
    end if;
    raise exception 'audit entries are append-only (% refused)', tg_op;
end
$$;

create function audit_purge_tenant(tenant uuid) returns bigint
language plpgsql security definer set search_path = public as $$
declare
    deleted bigint;
begin
    if exists (select 1 from audit_retention where tenant_id = tenant and legal_hold) then
        return -1;
    end if;
    perform set_config('app.audit_tenant_purge', tenant::text, true);
    delete from audit_entry where tenant_id = tenant;
    get diagnostics deleted = row_count;
    perform set_config('app.audit_tenant_purge', '', true);
    return deleted;
end
$$;
revoke all on function audit_purge_tenant(uuid) from public;
grant execute on function audit_purge_tenant(uuid) to ${app_role};
