package io.tenantry.user.auth;

import java.time.Duration;
import java.util.UUID;

import io.tenantry.user.support.Identity;
import io.tenantry.user.support.UserServiceTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@UserServiceTest
class LockoutTests {

	@Autowired
	Identity identity;

	@AfterEach
	void resetClock() {
		this.identity.resetClock();
	}

	@Test
	void fiveFailuresLockTheAccountAndEvenTheRightPasswordIsThenRefusedAlike() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("lock");
		UUID id = this.identity.createUser(tenant, email, "MEMBER");
		String wrong = null;
		for (int i = 0; i < 5; i++) {
			wrong = body(this.identity.login(tenant.slug(), email, "wrong password " + i));
		}
		assertThat(statusOf(id)).isEqualTo("LOCKED");
		String locked = body(this.identity.login(tenant.slug(), email, Identity.PASSWORD));
		String unknown = body(this.identity.login(tenant.slug(), Identity.email("unknown"), Identity.PASSWORD));
		assertThat(locked).isEqualTo(wrong).isEqualTo(unknown);
		assertThat(Identity.eventsAbout(id)).contains("io.tenantry.auth.locked.v1");
	}

	@Test
	void theLockLiftsAfterItsTimeAndGrowsWithEachLockout() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("grow");
		UUID id = this.identity.createUser(tenant, email, "MEMBER");
		fail(tenant, email, 5);
		this.identity.clock().advance(Duration.ofSeconds(61));
		fail(tenant, email, 5);
		assertThat(lockedFor(id)).isEqualTo(Duration.ofMinutes(5));
		this.identity.clock().advance(Duration.ofMinutes(4));
		this.identity.login(tenant.slug(), email, Identity.PASSWORD).andExpect(status().isUnauthorized());
		this.identity.clock().advance(Duration.ofMinutes(1).plusSeconds(1));
		this.identity.login(tenant.slug(), email, Identity.PASSWORD).andExpect(status().isOk());
		assertThat(statusOf(id)).isEqualTo("ACTIVE");
		assertThat(Identity.eventsAbout(id)).contains("io.tenantry.auth.unlocked.v1");
		fail(tenant, email, 5);
		assertThat(lockedFor(id)).as("a successful login resets the escalation").isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void failuresOutsideTheWindowDoNotAddUp() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("window");
		UUID id = this.identity.createUser(tenant, email, "MEMBER");
		fail(tenant, email, 4);
		this.identity.clock().advance(Duration.ofMinutes(16));
		fail(tenant, email, 4);
		assertThat(statusOf(id)).isEqualTo("ACTIVE");
		this.identity.login(tenant.slug(), email, Identity.PASSWORD).andExpect(status().isOk());
	}

	@Test
	void anAdministratorUnlocksALockedAccount() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("unlock");
		UUID id = this.identity.createUser(tenant, email, "MEMBER");
		fail(tenant, email, 5);
		this.identity.login(tenant.slug(), email, Identity.PASSWORD).andExpect(status().isUnauthorized());
		this.identity.updateUser(this.identity.ownerToken(tenant), id, "{\"status\":\"ACTIVE\"}")
			.andExpect(status().isOk());
		this.identity.login(tenant.slug(), email, Identity.PASSWORD).andExpect(status().isOk());
	}

	private void fail(Identity.Tenant tenant, String email, int times) throws Exception {
		for (int i = 0; i < times; i++) {
			this.identity.login(tenant.slug(), email, "wrong password").andExpect(status().isUnauthorized());
		}
	}

	private static String body(org.springframework.test.web.servlet.ResultActions result) throws Exception {
		return result.andExpect(status().isUnauthorized()).andReturn().getResponse().getContentAsString();
	}

	private static String statusOf(UUID id) {
		return Identity.superuser().queryForObject("select status from user_account where id = ?", String.class, id);
	}

	private static Duration lockedFor(UUID id) {
		return Identity.superuser().queryForObject(
				"select (extract(epoch from locked_until - updated_at))::bigint from user_account where id = ?",
				(rs, row) -> Duration.ofSeconds(rs.getLong(1)), id);
	}

}
