package io.tenantry.user.mfa;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import io.tenantry.user.support.Identity;
import io.tenantry.user.support.UserServiceTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@UserServiceTest
class MfaTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	Identity identity;

	@AfterEach
	void resetClock() {
		this.identity.resetClock();
	}

	@Test
	void enrolmentGivesAnOtpauthUriAndTenRecoveryCodesAndThenLoginAsksForACode() throws Exception {
		Enrolled user = enrol("MEMBER");
		assertThat(user.recoveryCodes()).hasSize(10).doesNotHaveDuplicates();
		Map<String, Object> first = this.identity.tokens(user.tenant().slug(), user.email(), Identity.PASSWORD);
		assertThat(first).containsEntry("mfa_required", true).doesNotContainKey("access_token");
		String mfaToken = (String) first.get("mfa_token");
		verify(mfaToken, "000000".equals(code(user, 0)) ? "111111" : "000000").andExpect(status().isUnauthorized());
		verify(mfaToken, code(user, 0)).andExpect(status().isOk())
			.andExpect(jsonPath("$.access_token").exists())
			.andExpect(jsonPath("$.refresh_token").exists());
		// the challenge is spent
		verify(mfaToken, code(user, 0)).andExpect(status().isUnauthorized());
		assertThat(Identity.eventsAbout(user.id())).contains("io.tenantry.auth.mfa-enrolled.v1",
				"io.tenantry.auth.login-succeeded.v1");
		assertThat(Identity.superuser().queryForObject("select mfa_secret from user_account where id = ?",
				byte[].class, user.id()))
			.as("the seed is stored encrypted")
			.isNotEqualTo(Base32.decode(user.secret()));
	}

	@Test
	void aCodeIsNeverAcceptedTwice() throws Exception {
		Enrolled user = enrol("MEMBER");
		this.identity.clock().advance(Duration.ofSeconds(Totp.PERIOD_SECONDS));
		String code = code(user, 0);
		verify(challenge(user), code).andExpect(status().isOk());
		verify(challenge(user), code).andExpect(status().isUnauthorized());
		verify(challenge(user), code(user, 1)).andExpect(status().isOk());
	}

	@Test
	void aRecoveryCodeWorksOnce() throws Exception {
		Enrolled user = enrol("MEMBER");
		String recovery = user.recoveryCodes().get(3);
		verify(challenge(user), recovery.toUpperCase()).andExpect(status().isOk());
		verify(challenge(user), recovery).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/api/users/" + user.id() + "/mfa").header("Authorization", "Bearer " + user.token()))
			.andExpect(jsonPath("$.enabled").value(true))
			.andExpect(jsonPath("$.recoveryCodesLeft").value(9));
	}

	@Test
	void fiveWrongCodesEndTheChallenge() throws Exception {
		Enrolled user = enrol("MEMBER");
		String challenge = challenge(user);
		String wrong = code(user, 0).equals("123456") ? "654321" : "123456";
		for (int i = 0; i < 5; i++) {
			verify(challenge, wrong).andExpect(status().isUnauthorized());
		}
		verify(challenge, code(user, 0)).andExpect(status().isUnauthorized());
	}

	@Test
	void anAdministratorResetsAUsersMfaAndItIsAudited() throws Exception {
		Enrolled user = enrol("MEMBER");
		String admin = this.identity.ownerToken(user.tenant());
		this.mvc.perform(delete("/api/users/" + user.id() + "/mfa").header("Authorization", "Bearer " + admin))
			.andExpect(status().isNoContent());
		assertThat(this.identity.tokens(user.tenant().slug(), user.email(), Identity.PASSWORD))
			.containsKey("access_token");
		assertThat(Identity.eventsAbout(user.id())).contains("io.tenantry.auth.mfa-reset.v1");
		String colleague = this.identity.token(user.tenant().id(), UUID.randomUUID(), "MEMBER");
		this.mvc.perform(delete("/api/users/" + user.id() + "/mfa").header("Authorization", "Bearer " + colleague))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/api/users/" + user.id() + "/mfa/totp").header("Authorization", "Bearer " + admin))
			.andExpect(status().isForbidden());
	}

	@Test
	void aRoleThatRequiresMfaMustEnrolDuringLogin() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("secadmin");
		this.identity.createUser(tenant, email, "SECURITY_ADMIN");
		Map<String, Object> first = this.identity.tokens(tenant.slug(), email, Identity.PASSWORD);
		assertThat(first).containsEntry("mfa_enrollment_required", true).doesNotContainKey("access_token");
		String mfaToken = (String) first.get("mfa_token");
		String enrolment = this.mvc.perform(post("/api/auth/mfa/enroll").contentType(MediaType.APPLICATION_JSON)
			.content("{\"mfa_token\":\"" + mfaToken + "\"}"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		byte[] secret = Base32.decode(JsonPath.read(enrolment, "$.secret"));
		String code = Totp.code(secret, Totp.step(this.identity.clock().instant()));
		verify(mfaToken, code).andExpect(status().isOk())
			.andExpect(jsonPath("$.access_token").exists())
			.andExpect(jsonPath("$.recovery_codes.length()").value(10));
		assertThat(this.identity.tokens(tenant.slug(), email, Identity.PASSWORD)).containsEntry("mfa_required", true);
	}

	@Test
	void anotherTenantCannotTouchAUsersMfa() throws Exception {
		Enrolled user = enrol("MEMBER");
		String attacker = this.identity.ownerToken(this.identity.newTenant());
		this.mvc.perform(get("/api/users/" + user.id() + "/mfa").header("Authorization", "Bearer " + attacker))
			.andExpect(status().isNotFound());
		this.mvc.perform(delete("/api/users/" + user.id() + "/mfa").header("Authorization", "Bearer " + attacker))
			.andExpect(status().isNotFound());
	}

	private Enrolled enrol(String role) throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("mfa");
		UUID id = this.identity.createUser(tenant, email, role);
		String token = this.identity.token(tenant.id(), id, role);
		String started = this.mvc.perform(post("/api/users/" + id + "/mfa/totp").header("Authorization", "Bearer " + token))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String uri = JsonPath.read(started, "$.otpauthUri");
		String secret = JsonPath.read(started, "$.secret");
		assertThat(URI.create(uri).getScheme()).isEqualTo("otpauth");
		assertThat(uri).startsWith("otpauth://totp/Tenantry%3A").contains("secret=" + secret, "issuer=Tenantry");
		String code = Totp.code(Base32.decode(secret), Totp.step(this.identity.clock().instant()));
		String confirmed = this.mvc.perform(post("/api/users/" + id + "/mfa/totp/confirm")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"code\":\"" + code + "\"}"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		// the next test step must use a later time step than the confirmation's
		this.identity.clock().advance(Duration.ofSeconds(Totp.PERIOD_SECONDS));
		return new Enrolled(tenant, email, id, token, secret, JsonPath.read(confirmed, "$.recoveryCodes"));
	}

	private String challenge(Enrolled user) throws Exception {
		return (String) this.identity.tokens(user.tenant().slug(), user.email(), Identity.PASSWORD).get("mfa_token");
	}

	private String code(Enrolled user, int stepsAhead) {
		Instant now = this.identity.clock().instant();
		return Totp.code(Base32.decode(user.secret()), Totp.step(now) + stepsAhead);
	}

	private ResultActions verify(String mfaToken, String code) throws Exception {
		return this.mvc.perform(post("/api/auth/mfa/verify").contentType(MediaType.APPLICATION_JSON)
			.content("{\"mfa_token\":\"" + mfaToken + "\",\"code\":\"" + code + "\"}"));
	}

	record Enrolled(Identity.Tenant tenant, String email, UUID id, String token, String secret,
			List<String> recoveryCodes) {
	}

}
