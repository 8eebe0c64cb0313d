package io.tenantry.user.auth;

import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.user.support.Identity;
import io.tenantry.user.support.UserServiceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The refresh_token grant of /oauth2/token: the same sessions as /api/auth/refresh. */
@UserServiceTest
class FirstPartyRefreshTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Identity identity;

	@Autowired
	JwtDecoder jwtDecoder;

	@Test
	void theFirstPartyClientRefreshesAtTheTokenEndpointAndTheTokenRotates() throws Exception {
		Map<String, Object> login = login();
		String body = grant("tenantry-web", (String) login.get("refresh_token")).andExpect(status().isOk())
			.andExpect(jsonPath("$.token_type").value("Bearer"))
			.andExpect(jsonPath("$.refresh_token").exists())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String sid = this.jwtDecoder.decode((String) login.get("access_token")).getClaimAsString("sid");
		assertThat(this.jwtDecoder.decode(JsonPath.read(body, "$.access_token")).getClaimAsString("sid")).isEqualTo(sid);
		String next = JsonPath.read(body, "$.refresh_token");
		assertThat(next).isNotEqualTo(login.get("refresh_token"));

		grant("tenantry-web", (String) login.get("refresh_token")).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("invalid_grant"));
		// the reuse revoked the whole session
		grant("tenantry-web", next).andExpect(status().isBadRequest());
	}

	@Test
	void anotherClientOrNoneGetsNoRefresh() throws Exception {
		Map<String, Object> login = login();
		grant("someone-else", (String) login.get("refresh_token")).andExpect(status().isUnauthorized());
		grant(null, (String) login.get("refresh_token")).andExpect(status().isUnauthorized());
		grant("tenantry-web", (String) login.get("refresh_token")).andExpect(status().isOk());
	}

	private Map<String, Object> login() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("oauth");
		this.identity.createUser(tenant, email, "MEMBER");
		return this.identity.tokens(tenant.slug(), email, Identity.PASSWORD);
	}

	private ResultActions grant(String clientId, String refreshToken) throws Exception {
		var request = post("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.param("grant_type", "refresh_token")
			.param("refresh_token", refreshToken);
		if (clientId != null) {
			request.param("client_id", clientId);
		}
		return this.mvc.perform(request);
	}

}
