package io.tenantry.user.auth;

import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.common.test.TenantryServiceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@TenantryServiceTest
@TestPropertySource(properties = { "tenantry.bootstrap-admin.email=ops@tenantry.test",
		"tenantry.bootstrap-admin.password=correct horse battery staple" })
class LoginTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JwtDecoder jwtDecoder;

	@Test
	void bootstrapAdminLogsInAndGetsAPlatformAdminToken() throws Exception {
		String body = login("ops@tenantry.test", "correct horse battery staple").andExpect(status().isOk())
			.andExpect(jsonPath("$.token_type").value("Bearer"))
			.andExpect(jsonPath("$.expires_in").value(600))
			.andReturn()
			.getResponse()
			.getContentAsString();
		Jwt jwt = this.jwtDecoder.decode(JsonPath.read(body, "$.access_token"));
		assertThat(jwt.getClaimAsString("tid")).isEqualTo(PlatformTenant.ID.toString());
		assertThat(jwt.getClaimAsStringList("roles")).isEqualTo(List.of("PLATFORM_ADMIN"));
		assertThat(jwt.getIssuer()).hasToString("http://localhost:3007");
		assertThat(jwt.getHeaders()).containsKey("kid");
	}

	@Test
	void emailIsMatchedIgnoringCase() throws Exception {
		login("OPS@Tenantry.Test", "correct horse battery staple").andExpect(status().isOk());
	}

	@Test
	void wrongPasswordAndUnknownEmailGetTheSameAnswer() throws Exception {
		String wrongPassword = login("ops@tenantry.test", "wrong password").andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://tenantry.io/problems/invalid-credentials"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String unknownEmail = login("nobody@tenantry.test", "wrong password").andExpect(status().isUnauthorized())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(unknownEmail).isEqualTo(wrongPassword);
	}

	@Test
	void missingFieldsAreNamedInTheProblem() throws Exception {
		this.mvc.perform(post("/api/auth/login").contentType(MediaType.APPLICATION_JSON).content("{\"email\":\"x\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://tenantry.io/problems/validation"))
			.andExpect(jsonPath("$.errors[?(@.field == 'email')]").exists())
			.andExpect(jsonPath("$.errors[?(@.field == 'password')]").exists());
	}

	@Test
	void malformedJsonIsABadRequestProblem() throws Exception {
		this.mvc.perform(post("/api/auth/login").contentType(MediaType.APPLICATION_JSON).content("{not json"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void jwksPublishesThePublicSigningKeyOnly() throws Exception {
		this.mvc.perform(get("/oauth2/jwks"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.keys[0].kty").value("RSA"))
			.andExpect(jsonPath("$.keys[0].kid").exists())
			.andExpect(jsonPath("$.keys[0].n").exists())
			.andExpect(jsonPath("$.keys[0].d").doesNotExist());
	}

	@Test
	void openIdDiscoveryNamesTheIssuerAndItsJwks() throws Exception {
		this.mvc.perform(get("/.well-known/openid-configuration"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.issuer").value("http://localhost:3007"))
			.andExpect(jsonPath("$.jwks_uri").value("http://localhost:3007/oauth2/jwks"));
	}

	private ResultActions login(String email, String password) throws Exception {
		return this.mvc.perform(post("/api/auth/login").contentType(MediaType.APPLICATION_JSON)
			.content("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"));
	}

}
