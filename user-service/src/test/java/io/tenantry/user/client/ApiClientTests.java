package io.tenantry.user.client;

import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.user.support.Identity;
import io.tenantry.user.support.UserServiceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@UserServiceTest
class ApiClientTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Identity identity;

	@Autowired
	JwtDecoder jwtDecoder;

	@Test
	void anApiClientGetsTokensForItsTenantWithClientCredentials() throws Exception {
		Identity.Tenant tenant = this.identity.professional(this.identity.newTenant());
		Map<String, Object> client = create(this.identity.ownerToken(tenant),
				"{\"name\":\"CI exporter\",\"roles\":[\"AUDITOR\"],\"scopes\":[\"audit:read\",\"users:read\"]}")
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString()
			.transform((body) -> JsonPath.read(body, "$"));
		String clientId = (String) client.get("clientId");
		String secret = (String) client.get("clientSecret");
		String body = token(clientId, secret, "audit:read").andExpect(status().isOk())
			.andExpect(jsonPath("$.token_type").value("Bearer"))
			.andExpect(jsonPath("$.expires_in").value(org.hamcrest.Matchers.lessThanOrEqualTo(600)))
			.andExpect(jsonPath("$.refresh_token").doesNotExist())
			.andReturn()
			.getResponse()
			.getContentAsString();
		Jwt jwt = this.jwtDecoder.decode(JsonPath.read(body, "$.access_token"));
		assertThat(jwt.getClaimAsString("tid")).isEqualTo(tenant.id().toString());
		assertThat(jwt.getClaimAsStringList("roles")).containsExactly("AUDITOR");
		assertThat(jwt.getClaimAsString("client_id")).isEqualTo(clientId);
		assertThat(jwt.getClaimAsString("scope")).isEqualTo("audit:read");
		assertThat(jwt.getSubject()).isEqualTo(clientId);
		this.mvc.perform(get("/api/users/api-clients").header("Authorization", "Bearer " + this.identity.ownerToken(tenant)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].clientId").value(clientId))
			.andExpect(jsonPath("$[0].clientSecret").doesNotExist());
		assertThat(Identity.superuser().queryForObject("select client_secret from oauth2_registered_client where client_id = ?",
				String.class, clientId))
			.startsWith("{sha256}")
			.doesNotContain(secret);
		assertThat(Identity.eventsAbout(client.get("id"))).containsExactly("io.tenantry.auth.api-client-created.v1");
	}

	@Test
	void aWrongSecretOrAScopeNotGrantedGetsNoToken() throws Exception {
		Identity.Tenant tenant = this.identity.professional(this.identity.newTenant());
		Map<String, Object> client = created(tenant, "{\"name\":\"reader\",\"scopes\":[\"users:read\"]}");
		token((String) client.get("clientId"), "tcs_wrong", "users:read").andExpect(status().isUnauthorized());
		token((String) client.get("clientId"), (String) client.get("clientSecret"), "billing:write")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("invalid_scope"));
	}

	@Test
	void aRevokedClientGetsNoNewToken() throws Exception {
		Identity.Tenant tenant = this.identity.professional(this.identity.newTenant());
		Map<String, Object> client = created(tenant, "{\"name\":\"temporary\",\"scopes\":[]}");
		token((String) client.get("clientId"), (String) client.get("clientSecret"), null).andExpect(status().isOk());
		this.mvc.perform(delete("/api/users/api-clients/" + client.get("id")).header("Authorization",
				"Bearer " + this.identity.ownerToken(tenant))).andExpect(status().isNoContent());
		token((String) client.get("clientId"), (String) client.get("clientSecret"), null)
			.andExpect(status().isUnauthorized());
		assertThat(Identity.eventsAbout(client.get("id"))).contains("io.tenantry.auth.api-client-revoked.v1");
	}

	@Test
	void onlyOwnersAndAdminsManageClientsAndNoClientIsAnOwner() throws Exception {
		Identity.Tenant tenant = this.identity.professional(this.identity.newTenant());
		String member = this.identity.token(tenant.id(), UUID.randomUUID(), "MEMBER");
		create(member, "{\"name\":\"x\"}").andExpect(status().isForbidden());
		create(this.identity.ownerToken(tenant), "{\"name\":\"x\",\"roles\":[\"OWNER\"]}").andExpect(status().isForbidden());
		create(this.identity.ownerToken(tenant), "{\"name\":\"x\",\"scopes\":[\"root\"]}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("scopes"));
		create(this.identity.ownerToken(tenant), "{\"scopes\":[]}").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("name"));
	}

	@Test
	void anotherTenantCannotSeeOrRevokeAClient() throws Exception {
		Identity.Tenant tenant = this.identity.professional(this.identity.newTenant());
		Map<String, Object> client = created(tenant, "{\"name\":\"private\"}");
		String attacker = this.identity.ownerToken(this.identity.newTenant());
		this.mvc.perform(get("/api/users/api-clients").header("Authorization", "Bearer " + attacker))
			.andExpect(jsonPath("$[*].id", not(org.hamcrest.Matchers.hasItem(client.get("id")))));
		this.mvc.perform(delete("/api/users/api-clients/" + client.get("id")).header("Authorization", "Bearer " + attacker))
			.andExpect(status().isNotFound());
		token((String) client.get("clientId"), (String) client.get("clientSecret"), null).andExpect(status().isOk());
	}

	private Map<String, Object> created(Identity.Tenant tenant, String json) throws Exception {
		return JsonPath.read(create(this.identity.ownerToken(tenant), json).andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString(), "$");
	}

	private ResultActions create(String token, String json) throws Exception {
		return this.mvc.perform(post("/api/users/api-clients").header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.content(json));
	}

	private ResultActions token(String clientId, String secret, String scope) throws Exception {
		var request = post("/oauth2/token").with(httpBasic(clientId, secret))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.param("grant_type", "client_credentials");
		if (scope != null) {
			request.param("scope", scope);
		}
		return this.mvc.perform(request);
	}

}
