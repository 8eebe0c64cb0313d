-- Baseline: tables the owner role creates from here on are usable by the runtime role,
-- which stays subject to the row-level-security policy every tenant-owned table carries.
alter default privileges in schema public grant select, insert, update, delete on tables to ${app_role};
alter default privileges in schema public grant usage, select on sequences to ${app_role};
