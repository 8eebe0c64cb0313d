package io.tenantry.user.auth;

import java.time.Duration;

import io.tenantry.user.support.Identity;
import io.tenantry.user.support.UserServiceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Logins, tokens and events are counted at /actuator/prometheus, under the names the dashboards read. */
@UserServiceTest
class AuthMetricsTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Identity identity;

	@Autowired
	TokenProperties tokens;

	@Test
	void loginsTokensAndEventsAreCountedByOutcomeAndGrant() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("counted");
		this.identity.createUser(this.identity.ownerToken(tenant), email, Identity.PASSWORD, "MEMBER")
			.andExpect(status().isCreated());
		double succeeded = value("tenantry_auth_logins_total", "outcome=\"succeeded\"");
		double refused = value("tenantry_auth_logins_total", "outcome=\"invalid_credentials\"");
		double password = value("tenantry_auth_tokens_issued_total", "grant=\"password\"");
		this.identity.tokens(tenant.slug(), email, Identity.PASSWORD);
		this.identity.login(tenant.slug(), email, "not the password").andExpect(status().isUnauthorized());
		assertThat(value("tenantry_auth_logins_total", "outcome=\"succeeded\"")).isEqualTo(succeeded + 1);
		assertThat(value("tenantry_auth_logins_total", "outcome=\"invalid_credentials\"")).isEqualTo(refused + 1);
		assertThat(value("tenantry_auth_tokens_issued_total", "grant=\"password\"")).isEqualTo(password + 1);
		assertThat(value("tenantry_auth_tokens_issued_total", "grant=\"client_credentials\"")).isNotNegative();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> value("tenantry_events_published_total", "topic=\"tenantry.user.v1\"") > 0);
		assertThat(scrape()).contains("tenantry_outbox_pending{");
	}

	@Test
	void anAccountLockedByRepeatedFailuresIsCountedOnce() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("locked-out");
		this.identity.createUser(this.identity.ownerToken(tenant), email, Identity.PASSWORD, "MEMBER")
			.andExpect(status().isCreated());
		double lockouts = value("tenantry_auth_lockouts_total", "");
		int maxFailures = this.tokens.lockout().maxFailures();
		for (int i = 0; i < maxFailures + 2; i++) {
			this.identity.login(tenant.slug(), email, "not the password").andExpect(status().isUnauthorized());
		}
		assertThat(value("tenantry_auth_lockouts_total", "")).isEqualTo(lockouts + 1);
	}

	private double value(String name, String label) throws Exception {
		return scrape().lines()
			.filter((line) -> (line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(label))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	private String scrape() throws Exception {
		return this.mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk()).andReturn().getResponse()
			.getContentAsString();
	}

}
