-- What identity keeps, and for how long (IdentityRetention, tenantry.identity.retention,
-- 30 days by default): login attempts, ended sessions (their refresh tokens go with them),
-- spent or expired one-time tokens and MFA challenges. The purge deletes across tenants:
-- an explicit, named mode of its transaction (app.retention_purge), set only by
-- IdentityRetention; a DELETE with a WHERE sees only the rows a SELECT policy shows, so the
-- policy covers every command.
create policy retention_purge on login_attempt
    using (current_setting('app.retention_purge', true) = 'on');
create policy retention_purge on user_session
    using (current_setting('app.retention_purge', true) = 'on');
create policy retention_purge on one_time_token
    using (current_setting('app.retention_purge', true) = 'on');
create policy retention_purge on mfa_challenge
    using (current_setting('app.retention_purge', true) = 'on');
create index user_session_ended_idx on user_session (expires_at);
