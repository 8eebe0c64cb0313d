#!/usr/bin/env bash
# One database and two roles per domain service, as DatabaseProvisioner creates them
# (common-lib, io.tenantry.common.db): <db>_owner, which Flyway migrates with and which
# owns the database and its public schema, and <db>_app, which the service runs as: it
# owns nothing, cannot bypass row-level security and gets table privileges only from the
# migrations.
#
# The postgres image runs this once, on an empty data volume. It is idempotent (roles
# are kept and their passwords reset, databases are kept), so it can be run again:
#   docker-compose exec postgres /docker-entrypoint-initdb.d/10-service-databases.sh
#
# Passwords come from the environment: <DB>_DB_OWNER_PASSWORD and <DB>_DB_APP_PASSWORD,
# e.g. TENANT_SERVICE_DB_OWNER_PASSWORD (see .env.example).
set -euo pipefail

SERVICES=(tenant-service organization-service user-service billing-service security-service audit-service)

admin=(psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --username "${POSTGRES_USER:-postgres}")

for service in "${SERVICES[@]}"; do
	db="${service//-/_}"
	owner_var="${db^^}_DB_OWNER_PASSWORD"
	app_var="${db^^}_DB_APP_PASSWORD"
	owner_password="${!owner_var:-}"
	app_password="${!app_var:-}"
	if [[ -z "${owner_password}" || -z "${app_password}" ]]; then
		echo "tenantry-init: ${owner_var} and ${app_var} must be set" >&2
		exit 1
	fi

	"${admin[@]}" --dbname postgres \
		-v db="${db}" -v owner="${db}_owner" -v app="${db}_app" \
		-v owner_password="${owner_password}" -v app_password="${app_password}" <<'SQL'
select format('%s role %I with login NOSUPERUSER NOCREATEDB NOCREATEROLE password %L',
		case when exists (select 1 from pg_roles where rolname = :'owner') then 'alter' else 'create' end,
		:'owner', :'owner_password')
\gexec
select format('%s role %I with login NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS password %L',
		case when exists (select 1 from pg_roles where rolname = :'app') then 'alter' else 'create' end,
		:'app', :'app_password')
\gexec
select format('create database %I owner %I', :'db', :'owner')
	where not exists (select 1 from pg_database where datname = :'db')
\gexec
SQL

	"${admin[@]}" --dbname "${db}" -v db="${db}" -v owner="${db}_owner" -v app="${db}_app" <<'SQL'
revoke all on database :"db" from public;
grant connect on database :"db" to :"app";
revoke create on schema public from public;
grant usage on schema public to :"app";
alter schema public owner to :"owner";
-- full-text search under row-level security (see DatabaseProvisioner)
alter function pg_catalog.ts_match_vq(tsvector, tsquery) leakproof;
SQL

	echo "tenantry-init: database ${db} with roles ${db}_owner and ${db}_app"
done
