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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A tenant that is not ACTIVE (suspended, pending deletion) gets no new tokens of any kind:
 * no login, no refresh, no client_credentials grant; reactivation gives them back.
 */
@UserServiceTest
class SuspendedTenantTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Identity identity;

	@Test
	void aSuspendedTenantGetsNoTokensUntilItIsReactivated() throws Exception {
		Identity.Tenant tenant = this.identity.professional(this.identity.newTenant());
		String email = Identity.email("user");
		this.identity.createUser(this.identity.ownerToken(tenant), email, Identity.PASSWORD, "MEMBER")
			.andExpect(status().isCreated());
		String refresh = (String) this.identity.tokens(tenant.slug(), email, Identity.PASSWORD).get("refresh_token");
		String client = this.mvc
			.perform(post("/api/users/api-clients").header("Authorization", "Bearer " + this.identity.ownerToken(tenant))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\":\"exporter\",\"roles\":[\"AUDITOR\"],\"scopes\":[\"users:read\"]}"))
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String clientId = JsonPath.read(client, "$.clientId");
		String secret = JsonPath.read(client, "$.clientSecret");

		for (String state : new String[] { "SUSPENDED", "PENDING_DELETION" }) {
			setStatus(tenant, state);
			this.identity.login(tenant.slug(), email, Identity.PASSWORD).andExpect(status().isUnauthorized());
			refresh(refresh).andExpect(status().isUnauthorized());
			clientCredentials(clientId, secret).andExpect(status().is4xxClientError());
		}

		setStatus(tenant, "ACTIVE");
		Map<String, Object> refreshed = JsonPath
			.read(refresh(refresh).andExpect(status().isOk()).andReturn().getResponse().getContentAsString(), "$");
		assertThat(refreshed).containsKey("access_token");
		clientCredentials(clientId, secret).andExpect(status().isOk());
		this.identity.login(tenant.slug(), email, Identity.PASSWORD).andExpect(status().isOk());
	}

	private static void setStatus(Identity.Tenant tenant, String status) {
		Identity.superuser().update("update tenant_directory set status = ?, updated_at = ? where tenant_id = ?", status,
				java.sql.Timestamp.from(Instant.now()), tenant.id());
	}

	private ResultActions refresh(String token) throws Exception {
		return this.mvc.perform(post("/api/auth/refresh").contentType(MediaType.APPLICATION_JSON)
			.content("{\"refresh_token\":\"" + token + "\"}"));
	}

	private ResultActions clientCredentials(String clientId, String secret) throws Exception {
		return this.mvc.perform(post("/oauth2/token").with(httpBasic(clientId, secret))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.param("grant_type", "client_credentials"));
	}

}
