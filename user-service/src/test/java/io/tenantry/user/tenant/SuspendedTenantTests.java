package io.tenantry.user.tenant;

import java.time.Instant;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.user.support.Identity;
import io.tenantry.user.support.UserServiceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A SUSPENDED tenant's users still log in, refresh and reset their passwords, so that a
 * tenant suspended for non-payment can pay (the gateway keeps them to their tenant and
 * billing); its API clients get no token. A tenant pending deletion or deleted gets no new
 * tokens of any kind. Reactivation gives everything back.
 */
@UserServiceTest
class SuspendedTenantTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Identity identity;

	@Test
	void aSuspendedTenantsUsersStillLogInAndRefreshButItsClientsGetNoTokens() throws Exception {
		Identity.Tenant tenant = this.identity.professional(this.identity.newTenant());
		String email = Identity.email("payer");
		this.identity.createUser(this.identity.ownerToken(tenant), email, Identity.PASSWORD, "BILLING_ADMIN")
			.andExpect(status().isCreated());
		String refresh = (String) this.identity.tokens(tenant.slug(), email, Identity.PASSWORD).get("refresh_token");
		Client client = newClient(tenant);

		setStatus(tenant, "SUSPENDED");
		this.identity.login(tenant.slug(), email, Identity.PASSWORD)
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.access_token").exists());
		refresh = refreshed(refresh(refresh).andExpect(status().isOk()));
		clientCredentials(client).andExpect(status().is4xxClientError());
		long mails = this.identity.messagesTo(email);
		resetPassword(tenant, email).andExpect(status().is2xxSuccessful());
		assertThat(this.identity.messagesTo(email)).as("a reset sent, to log in and pay").isEqualTo(mails + 1);

		setStatus(tenant, "ACTIVE");
		refresh(refresh).andExpect(status().isOk());
		clientCredentials(client).andExpect(status().isOk());
	}

	@Test
	void aTenantPendingDeletionOrDeletedGetsNoTokensUntilItIsRestored() throws Exception {
		Identity.Tenant tenant = this.identity.professional(this.identity.newTenant());
		String email = Identity.email("user");
		this.identity.createUser(this.identity.ownerToken(tenant), email, Identity.PASSWORD, "MEMBER")
			.andExpect(status().isCreated());
		String refresh = (String) this.identity.tokens(tenant.slug(), email, Identity.PASSWORD).get("refresh_token");
		Client client = newClient(tenant);

		for (String state : new String[] { "PENDING_DELETION", "DELETED" }) {
			setStatus(tenant, state);
			this.identity.login(tenant.slug(), email, Identity.PASSWORD).andExpect(status().isUnauthorized());
			refresh(refresh).andExpect(status().isUnauthorized());
			clientCredentials(client).andExpect(status().is4xxClientError());
			long mails = this.identity.messagesTo(email);
			resetPassword(tenant, email).andExpect(status().is2xxSuccessful());
			assertThat(this.identity.messagesTo(email)).as("no reset for " + state).isEqualTo(mails);
		}

		setStatus(tenant, "ACTIVE");
		Map<String, Object> refreshed = JsonPath
			.read(refresh(refresh).andExpect(status().isOk()).andReturn().getResponse().getContentAsString(), "$");
		assertThat(refreshed).containsKey("access_token");
		clientCredentials(client).andExpect(status().isOk());
		this.identity.login(tenant.slug(), email, Identity.PASSWORD).andExpect(status().isOk());
	}

	private Client newClient(Identity.Tenant tenant) throws Exception {
		String client = this.mvc
			.perform(post("/api/users/api-clients").header("Authorization", "Bearer " + this.identity.ownerToken(tenant))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"exporter\",\"roles\":[\"AUDITOR\"],\"scopes\":[\"users:read\"]}"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		return new Client(JsonPath.read(client, "$.clientId"), JsonPath.read(client, "$.clientSecret"));
	}

	private static String refreshed(ResultActions response) throws Exception {
		return JsonPath.read(response.andReturn().getResponse().getContentAsString(), "$.refresh_token");
	}

	private ResultActions resetPassword(Identity.Tenant tenant, String email) throws Exception {
		return this.mvc.perform(post("/api/users/reset-password").contentType(MediaType.APPLICATION_JSON)
			.content("{\"tenant\":\"" + tenant.slug() + "\",\"email\":\"" + email + "\"}"));
	}

	record Client(String id, String secret) {
	}

	private static void setStatus(Identity.Tenant tenant, String status) {
		Identity.superuser().update("update tenant_directory set status = ?, updated_at = ? where tenant_id = ?", status,
				java.sql.Timestamp.from(Instant.now()), tenant.id());
	}

	private ResultActions refresh(String token) throws Exception {
		return this.mvc.perform(post("/api/auth/refresh").contentType(MediaType.APPLICATION_JSON)
			.content("{\"refresh_token\":\"" + token + "\"}"));
	}

	private ResultActions clientCredentials(Client client) throws Exception {
		return this.mvc.perform(post("/oauth2/token").with(httpBasic(client.id(), client.secret()))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.param("grant_type", "client_credentials"));
	}

}
