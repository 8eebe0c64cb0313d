package io.tenantry.user.account;

import java.time.Duration;
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
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@UserServiceTest
class PasswordTests {

	static final String NEW_PASSWORD = "copper-meadow-falcon-77";

	@Autowired
	MockMvc mvc;

	@Autowired
	Identity identity;

	@AfterEach
	void resetClock() {
		this.identity.resetClock();
	}

	@Test
	void passwordsAreStoredAsArgon2idWithTheOwaspParameters() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		UUID id = this.identity.createUser(tenant, Identity.email("argon"), "MEMBER");
		assertThat(Identity.superuser().queryForObject("select password_hash from user_account where id = ?",
				String.class, id))
			.startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$")
			.doesNotContain(Identity.PASSWORD);
	}

	@Test
	void thePolicyRefusesShortCommonAndEmailPasswordsNamingTheField() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String owner = this.identity.ownerToken(tenant);
		this.identity.createUser(owner, "someone@example.com", "eleven-char", "MEMBER")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("password"))
			.andExpect(jsonPath("$.errors[0].message").value("must be at least 12 characters long"));
		this.identity.createUser(owner, "someone@example.com", "password1234", "MEMBER")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].message").value("is one of the most common passwords"));
		this.identity.createUser(owner, "gwendolyn@example.com", "my-name-is-Gwendolyn!", "MEMBER")
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].message").value("must not contain the email address"));
	}

	@Test
	void changingAPasswordNeedsTheCurrentOneAndRefusesTheLastFive() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("change");
		UUID id = this.identity.createUser(tenant, email, "MEMBER");
		String token = this.identity.token(tenant.id(), id, "MEMBER");
		change(token, id, "wrong current password", NEW_PASSWORD).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("currentPassword"));
		change(token, id, Identity.PASSWORD, Identity.PASSWORD).andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].message").value("must not be one of the last 5 passwords"));
		String current = Identity.PASSWORD;
		for (int i = 1; i <= 5; i++) {
			String next = NEW_PASSWORD + "-" + i;
			change(token, id, current, next).andExpect(status().isNoContent());
			current = next;
		}
		change(token, id, current, NEW_PASSWORD + "-2").andExpect(status().isBadRequest());
		change(token, id, current, Identity.PASSWORD).andExpect(status().isNoContent());
		this.identity.login(tenant.slug(), email, Identity.PASSWORD).andExpect(status().isOk());
		assertThat(Identity.superuser().queryForObject("select count(*) from password_history where user_id = ?",
				Integer.class, id))
			.isEqualTo(5);
	}

	@Test
	void onlyTheUserChangesTheirPassword() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		UUID id = this.identity.createUser(tenant, Identity.email("own"), "MEMBER");
		change(this.identity.ownerToken(tenant), id, Identity.PASSWORD, NEW_PASSWORD).andExpect(status().isForbidden());
	}

	@Test
	void aResetIsAcceptedAlikeForUnknownEmailsAndSetsThePasswordOnceThroughTheMailbox() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("reset");
		UUID id = this.identity.createUser(tenant, email, "MEMBER");
		String unknown = Identity.email("nobody");
		String answerKnown = reset(tenant.slug(), email).andExpect(status().isAccepted())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String answerUnknown = reset(tenant.slug(), unknown).andExpect(status().isAccepted())
			.andReturn()
			.getResponse()
			.getContentAsString();
		reset("no-such-tenant", email).andExpect(status().isAccepted());
		assertThat(answerUnknown).isEqualTo(answerKnown);
		assertThat(this.identity.messagesTo(unknown)).isZero();

		String message = this.identity.lastMessageTo(email);
		assertThat((String) JsonPath.read(message, "$.kind")).isEqualTo("password-reset");
		String token = JsonPath.read(message, "$.token");
		assertThat((String) JsonPath.read(message, "$.body")).contains(token);
		assertThat(Identity.superuser().queryForObject("select count(*) from one_time_token where token_hash = ?",
				Integer.class, token)).as("stored hashed").isZero();

		set(token, "short").andExpect(status().isBadRequest());
		set(token, NEW_PASSWORD).andExpect(status().isNoContent());
		set(token, NEW_PASSWORD + "-again").andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("token"));
		this.identity.login(tenant.slug(), email, NEW_PASSWORD).andExpect(status().isOk());
		this.identity.login(tenant.slug(), email, Identity.PASSWORD).andExpect(status().isUnauthorized());
		assertThat(Identity.eventsAbout(id))
			.contains("io.tenantry.auth.password-reset-requested.v1", "io.tenantry.auth.password-changed.v1");
	}

	@Test
	void aResetTokenExpiresAfterThirtyMinutes() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("expiry");
		this.identity.createUser(tenant, email, "MEMBER");
		reset(tenant.slug(), email).andExpect(status().isAccepted());
		String token = JsonPath.read(this.identity.lastMessageTo(email), "$.token");
		this.identity.clock().advance(Duration.ofMinutes(31));
		set(token, NEW_PASSWORD).andExpect(status().isBadRequest());
	}

	@Test
	void anInvitedUserSetsTheFirstPasswordWithTheInvitationAndBecomesActive() throws Exception {
		Identity.Tenant tenant = this.identity.newTenant();
		String email = Identity.email("invitee");
		String id = JsonPath.read(this.identity.createUser(this.identity.ownerToken(tenant), email, null, "MEMBER")
			.andExpect(status().isCreated())
			.andReturn()
			.getResponse()
			.getContentAsString(), "$.id");
		String message = this.identity.lastMessageTo(email);
		assertThat((String) JsonPath.read(message, "$.kind")).isEqualTo("invitation");
		set(JsonPath.read(message, "$.token"), NEW_PASSWORD).andExpect(status().isNoContent());
		this.identity.login(tenant.slug(), email, NEW_PASSWORD).andExpect(status().isOk());
		assertThat(Identity.superuser().queryForObject("select status from user_account where id = ?::uuid",
				String.class, id))
			.isEqualTo("ACTIVE");
	}

	@Test
	void aMalformedTokenIsABadRequestNotAnError() throws Exception {
		set("prt_garbage", NEW_PASSWORD).andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
		set("x".repeat(300), NEW_PASSWORD).andExpect(status().isBadRequest());
	}

	private ResultActions change(String token, UUID id, String current, String next) throws Exception {
		return this.mvc.perform(post("/api/users/" + id + "/change-password").header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + next + "\"}"));
	}

	private ResultActions reset(String tenant, String email) throws Exception {
		return this.mvc.perform(post("/api/users/reset-password").contentType(MediaType.APPLICATION_JSON)
			.content("{\"tenant\":\"" + tenant + "\",\"email\":\"" + email + "\"}"));
	}

	private ResultActions set(String token, String password) throws Exception {
		return this.mvc.perform(post("/api/users/set-password").contentType(MediaType.APPLICATION_JSON)
			.content("{\"token\":\"" + token + "\",\"newPassword\":\"" + password + "\"}"));
	}

}
