package io.tenantry.user.auth;

import java.util.Map;
import java.util.UUID;

import io.tenantry.user.support.Identity;
import io.tenantry.user.support.UserServiceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Identity's records of the past go after 30 days, every tenant's, and nothing current goes:
 * not a recent attempt, not a live session, not an account.
 */
@UserServiceTest
class IdentityRetentionTests {

	@Autowired
	Identity identity;

	@Autowired
	IdentityRetention retention;

	@Test
	void attemptsAndEndedSessionsOlderThanTheRetentionGoOthersStay() throws Exception {
		Identity.Tenant acme = this.identity.newTenant();
		Identity.Tenant globex = this.identity.newTenant();
		String ada = Identity.email("ada");
		String bob = Identity.email("bob");
		this.identity.createUser(this.identity.ownerToken(acme), ada, Identity.PASSWORD, "MEMBER")
			.andExpect(status().isCreated());
		this.identity.createUser(this.identity.ownerToken(globex), bob, Identity.PASSWORD, "MEMBER")
			.andExpect(status().isCreated());
		for (int i = 0; i < 2; i++) {
			this.identity.tokens(acme.slug(), ada, Identity.PASSWORD);
			this.identity.tokens(globex.slug(), bob, Identity.PASSWORD);
		}
		this.identity.login(acme.slug(), ada, "not the password").andExpect(status().isUnauthorized());
		JdbcTemplate db = Identity.superuser();
		// one attempt and one session of each tenant are from 40 days ago; the others are current
		for (UUID tenant : new UUID[] { acme.id(), globex.id() }) {
			db.update("""
					update login_attempt set attempted_at = now() - interval '40 days'
					where ctid = (select ctid from login_attempt where tenant_id = ? limit 1)""", tenant);
			db.update("""
					update user_session set created_at = now() - interval '41 days', last_used_at = now() - interval '40 days',
					    expires_at = now() - interval '40 days'
					where id = (select id from user_session where tenant_id = ? order by created_at limit 1)""", tenant);
		}
		Map<UUID, long[]> before = counts(db, acme.id(), globex.id());

		Map<String, Integer> deleted = this.retention.purge();

		assertThat(deleted.get("login_attempt")).isGreaterThanOrEqualTo(2);
		assertThat(deleted.get("user_session")).isGreaterThanOrEqualTo(2);
		Map<UUID, long[]> after = counts(db, acme.id(), globex.id());
		for (UUID tenant : new UUID[] { acme.id(), globex.id() }) {
			assertThat(after.get(tenant)[0]).as("attempts").isEqualTo(before.get(tenant)[0] - 1);
			assertThat(after.get(tenant)[1]).as("sessions").isEqualTo(before.get(tenant)[1] - 1);
			assertThat(after.get(tenant)[2]).as("accounts").isEqualTo(before.get(tenant)[2]);
			assertThat(db.queryForObject("""
					select count(*) from refresh_token r where tenant_id = ?
					and not exists (select 1 from user_session s where s.tenant_id = r.tenant_id and s.id = r.session_id)""",
					Long.class, tenant)).as("no refresh token outlives its session").isZero();
		}
		// the remaining session still refreshes
		assertThat(this.identity.tokens(acme.slug(), ada, Identity.PASSWORD)).containsKey("refresh_token");
	}

	private static Map<UUID, long[]> counts(JdbcTemplate db, UUID... tenants) {
		Map<UUID, long[]> counts = new java.util.HashMap<>();
		for (UUID tenant : tenants) {
			counts.put(tenant, new long[] {
					db.queryForObject("select count(*) from login_attempt where tenant_id = ?", Long.class, tenant),
					db.queryForObject("select count(*) from user_session where tenant_id = ?", Long.class, tenant),
					db.queryForObject("select count(*) from user_account where tenant_id = ?", Long.class, tenant) });
		}
		return counts;
	}

}
