package io.tenantry.user.auth;

import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.common.tenant.PlatformTenant;
import io.tenantry.user.support.Identity;
import io.tenantry.user.support.UserServiceTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@UserServiceTest
class LoginTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	JwtDecoder jwtDecoder;

	@Autowired
	Identity identity;

	@Test
	void bootstrapAdminLogsInToThePlatformTenantAndGetsAPlatformAdminToken() throws Exception {
		Map<String, Object> tokens = this.identity.tokens("platform", "ops@tenantry.test", Identity.ADMIN_PASSWORD);
		assertThat(tokens).containsEntry("token_type", "Bearer").containsEntry("expires_in", 600);
		Jwt jwt = this.jwtDecoder.decode((String) tokens.get("access_token"));
		assertThat(jwt.getClaimAsString("tid")).isEqualTo(PlatformTenant.ID.toString());
		assertThat(jwt.getClaimAsStringList("roles")).isEqualTo(List.of("PLATFORM_ADMIN"));
		assertThat(jwt.getIssuer()).hasToString("http://localhost:3007");
		assertThat(jwt.getHeaders()).containsKey("kid");
	}

	@Test
	void aTenantUserGetsAccessAndRefreshTokensWithTheDocumentedClaims() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("claims");
		var userId = this.identity.createUser(tenant, email, "ADMIN", "MEMBER");
		Map<String, Object> tokens = this.identity.tokens(tenant.slug(), email, Identity.PASSWORD);
		assertThat((String) tokens.get("refresh_token")).startsWith("rt_");
		Jwt jwt = this.jwtDecoder.decode((String) tokens.get("access_token"));
		assertThat(jwt.getSubject()).isEqualTo(userId.toString());
		assertThat(jwt.getClaimAsString("tid")).isEqualTo(tenant.id().toString());
		assertThat(jwt.getClaimAsStringList("roles")).containsExactly("ADMIN", "MEMBER");
		assertThat(jwt.getClaimAsString("scope")).isEqualTo("openid profile");
		assertThat(jwt.getClaimAsString("sid")).isNotBlank();
		assertThat(jwt.getExpiresAt()).isEqualTo(jwt.getIssuedAt().plusSeconds(600));
	}

	@Test
	void emailIsMatchedIgnoringCaseAndTheTenantSlugToo() throws Exception {
		this.identity.login("PLATFORM", "OPS@Tenantry.Test", Identity.ADMIN_PASSWORD).andExpect(status().isOk());
	}

	@Test
	void wrongPasswordUnknownEmailAndUnknownTenantGetTheSameAnswer() throws Exception {
		String wrongPassword = this.identity.login("platform", "ops@tenantry.test", "wrong password")
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://tenantry.io/problems/invalid-credentials"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String unknownEmail = this.identity.login("platform", "nobody@tenantry.test", "wrong password")
			.andExpect(status().isUnauthorized())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String unknownTenant = this.identity.login("no-such-tenant", "ops@tenantry.test", Identity.ADMIN_PASSWORD)
			.andExpect(status().isUnauthorized())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(unknownEmail).isEqualTo(wrongPassword).isEqualTo(unknownTenant);
	}

	@Test
	void credentialsOfOneTenantDoNotLogInAtAnother() throws Exception {
		Identity.Tenant a = this.identity.newTenant();
		Identity.Tenant b = this.identity.newTenant();
		String email = Identity.email("only-a");
		this.identity.createUser(a, email, "MEMBER");
		this.identity.login(a.slug(), email, Identity.PASSWORD).andExpect(status().isOk());
		this.identity.login(b.slug(), email, Identity.PASSWORD).andExpect(status().isUnauthorized());
	}

	@Test
	void anInvitedUserCannotLogInBeforeSettingAPassword() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("invited");
		this.identity.createUser(this.identity.ownerToken(tenant), email, null, "MEMBER")
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.status").value("INVITED"));
		this.identity.login(tenant.slug(), email, "").andExpect(status().isBadRequest());
		this.identity.login(tenant.slug(), email, Identity.PASSWORD).andExpect(status().isUnauthorized());
	}

	@Test
	void missingFieldsAreNamedInTheProblem() throws Exception {
		this.mvc.perform(post("/api/auth/login").contentType(MediaType.APPLICATION_JSON).content("{\"email\":\"x\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://tenantry.io/problems/validation"))
			.andExpect(jsonPath("$.errors[?(@.field == 'tenant')]").exists())
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

	@Test
	void aHashMadeWithOlderParametersIsUpgradedOnLogin() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("legacy");
		var id = this.identity.createUser(tenant, email, "MEMBER");
		String bcrypt = "{bcrypt}" + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(10)
			.encode(Identity.PASSWORD);
		Identity.superuser().update("update user_account set password_hash = ? where id = ?", bcrypt, id);
		this.identity.login(tenant.slug(), email, Identity.PASSWORD).andExpect(status().isOk());
		String upgraded = Identity.superuser()
			.queryForObject("select password_hash from user_account where id = ?", String.class, id);
		assertThat(upgraded).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
		this.identity.login(tenant.slug(), email, Identity.PASSWORD).andExpect(status().isOk());
		String body = this.identity.login(tenant.slug(), email, Identity.PASSWORD)
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat((String) JsonPath.read(body, "$.access_token")).isNotBlank();
	}

}
